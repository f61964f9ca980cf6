export * from './canonical-json';
export * from './digest';
export * from './encoding';
export * from './signing';
export * from './software-keys';
export { sm2PublicKeyOnCurve, sm2SignatureFromDer, sm2SignatureToDer } from './sm2';
export { ed25519PublicKeyFromSeed } from './ed25519';
