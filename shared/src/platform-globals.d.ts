// The few platform globals shared/ may use. shared/ compiles with lib ES2023 and no DOM/Node types,
// yet every runtime it runs in (Chromium renderer, Electron main, Node 20 server) provides these.
// The shapes mirror lib.dom.d.ts exactly so the declarations merge cleanly where DOM types are present;
// that needs `declare var`, as lib.dom.d.ts uses.
/* eslint-disable no-var */

interface Crypto {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
}
declare var crypto: Crypto;

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};

// WebCrypto, only what Ed25519 signing needs (shared/src/crypto/ed25519.ts). Property shapes mirror lib.dom.d.ts;
// CryptoKey is left opaque so it merges with the DOM's richer declaration.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface CryptoKey {}
interface CryptoKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}
interface SubtleCrypto {
  importKey(
    format: 'raw' | 'pkcs8' | 'spki',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: string },
    extractable: boolean,
    keyUsages: ('sign' | 'verify')[],
  ): Promise<CryptoKey>;
  exportKey(format: 'raw' | 'pkcs8' | 'spki', key: CryptoKey): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: CryptoKey): Promise<{ kty?: string; crv?: string; x?: string; d?: string }>;
  generateKey(
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    keyUsages: ('sign' | 'verify')[],
  ): Promise<CryptoKeyPair>;
  sign(algorithm: { name: string }, key: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  verify(
    algorithm: { name: string },
    key: CryptoKey,
    signature: Uint8Array<ArrayBuffer>,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}
interface Crypto {
  readonly subtle: SubtleCrypto;
}
