/**
 * The device key's files when no OS keychain protects it ("file-dev-only"): ONE format for the desktop host
 * (electron/src/host/keystore.ts, browser shell and plain Node) and the headless device client (device/src/keystore.ts).
 * Pure functions over file text; the callers own the reading, writing and permissions (0700 folder, 0600 files).
 *
 *   device-key.json                     { alg, publicKey, keyId, certificate } — written last: the pair is complete
 *   device-key.NOT-FOR-PRODUCTION.json  { warning, privateKey }                 — plain private key (dev/test only)
 *
 * The device client once wrote one file, device-key.json = { warning, alg, publicKey, privateKey };
 * splitLegacyKeyFile reads it so the client can rewrite it in this format on load.
 */
import { keyIdFor, SIGNATURE_ALGS, type SignatureAlg } from './signing';

export const PUBLIC_KEY_FILE = 'device-key.json';
export const DEV_PRIVATE_KEY_FILE = 'device-key.NOT-FOR-PRODUCTION.json';
export const DEV_KEY_WARNING =
  'NOT FOR PRODUCTION — unencrypted private key of a LinkDesk development, browser-shell or headless device (仅供开发、浏览器外壳与无界面设备使用，不得用于生产).';

export interface PublicKeyFile {
  alg: SignatureAlg;
  publicKey: string;
  keyId: string;
  /** The device certificate file's text, once imported. */
  certificate: string | null;
}

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const asObject = (text: string, what: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeyFileError(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new KeyFileError(`${what} is not an object`);
  return value as Record<string, unknown>;
};

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isAlg = (value: unknown): value is SignatureAlg => SIGNATURE_ALGS.includes(value as SignatureAlg);

export function encodePublicKeyFile(file: PublicKeyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A new key's public file: the key id is derived, never trusted from the file. */
export function publicKeyFileFor(alg: SignatureAlg, publicKey: string): PublicKeyFile {
  return { alg, publicKey, keyId: keyIdFor(alg, publicKey), certificate: null };
}

export function decodePublicKeyFile(text: string): PublicKeyFile {
  const o = asObject(text, PUBLIC_KEY_FILE);
  if (!isAlg(o.alg)) throw new KeyFileError(`${PUBLIC_KEY_FILE}: unknown alg ${String(o.alg)}`);
  if (!nonEmpty(o.publicKey)) throw new KeyFileError(`${PUBLIC_KEY_FILE}: no publicKey`);
  if (o.certificate !== null && o.certificate !== undefined && typeof o.certificate !== 'string')
    throw new KeyFileError(`${PUBLIC_KEY_FILE}: certificate is not text`);
  const file = publicKeyFileFor(o.alg, o.publicKey);
  if (o.keyId !== undefined && o.keyId !== file.keyId)
    throw new KeyFileError(`${PUBLIC_KEY_FILE}: keyId does not match the public key`);
  return { ...file, certificate: (o.certificate as string | null | undefined) ?? null };
}

export function encodeDevPrivateKeyFile(privateKey: string): string {
  return `${JSON.stringify({ warning: DEV_KEY_WARNING, privateKey }, null, 2)}\n`;
}

/** The private key (base64url) of a dev-only private key file. */
export function decodeDevPrivateKeyFile(text: string): string {
  const o = asObject(text, DEV_PRIVATE_KEY_FILE);
  if (!nonEmpty(o.privateKey)) throw new KeyFileError(`${DEV_PRIVATE_KEY_FILE}: no privateKey`);
  return o.privateKey;
}

/** The device client's former single file, split into today's two; null when `text` is not that format. */
export function splitLegacyKeyFile(text: string): { publicFile: PublicKeyFile; privateKey: string } | null {
  const o = asObject(text, PUBLIC_KEY_FILE);
  if (!('privateKey' in o)) return null;
  if (!isAlg(o.alg) || !nonEmpty(o.publicKey) || !nonEmpty(o.privateKey))
    throw new KeyFileError(`${PUBLIC_KEY_FILE}: an incomplete key file of the former device format`);
  return { publicFile: publicKeyFileFor(o.alg, o.publicKey), privateKey: o.privateKey };
}
