/** The software implementations of Signer and Verifier (a certified module can replace either). */
import {
  ed25519PublicKeyFromSeed,
  ed25519SeedFromBase64url,
  ed25519Sign,
  ed25519Verify,
  generateEd25519KeyPair,
  importEd25519PrivateKey,
} from './ed25519';
import { toHex, fromBase64url } from './encoding';
import { generateSm2KeyPair, sm2PrivateKeyHex, sm2PublicKeyFromPrivate, sm2Sign, sm2Verify } from './sm2';
import { type KeyPair, type SignatureAlg, type Signer, type Verifier, keyIdFor } from './signing';

export async function generateKeyPair(alg: SignatureAlg): Promise<KeyPair> {
  const pair = alg === 'Ed25519' ? await generateEd25519KeyPair() : generateSm2KeyPair();
  return { alg, ...pair };
}

/** The public key that belongs to a private key. */
export async function publicKeyFromPrivate(alg: SignatureAlg, privateKey: string): Promise<string> {
  return alg === 'Ed25519'
    ? ed25519PublicKeyFromSeed(ed25519SeedFromBase64url(privateKey))
    : sm2PublicKeyFromPrivate(privateKey);
}

/**
 * A Signer over a software key pair. Throws if the public key does not belong to the private key, so a
 * mis-paired key can never sign a file that then fails verification everywhere.
 */
export async function createSigner(pair: KeyPair, keyId: string = keyIdFor(pair.alg, pair.publicKey)): Promise<Signer> {
  const derived = await publicKeyFromPrivate(pair.alg, pair.privateKey);
  if (derived !== pair.publicKey) throw new Error(`the ${pair.alg} public key does not belong to the private key`);
  const base = { alg: pair.alg, keyId, publicKey: pair.publicKey };
  if (pair.alg === 'Ed25519') {
    const key = await importEd25519PrivateKey(ed25519SeedFromBase64url(pair.privateKey));
    return { ...base, sign: (message) => ed25519Sign(key, message) };
  }
  const privateHex = sm2PrivateKeyHex(pair.privateKey);
  const publicHex = toHex(fromBase64url(pair.publicKey));
  return { ...base, sign: (message) => Promise.resolve(sm2Sign(privateHex, publicHex, message)) };
}

export const softwareVerifier: Verifier = {
  async verify(alg, publicKey, message, signature) {
    if (alg === 'Ed25519') return ed25519Verify(publicKey, message, signature);
    if (alg === 'SM2-SM3') return sm2Verify(publicKey, message, signature);
    return false;
  },
};
