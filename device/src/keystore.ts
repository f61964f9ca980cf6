/**
 * The headless client's device key, in the desktop host's dev-only format (shared/src/crypto/key-files.ts).
 * NOT FOR PRODUCTION: the private key lies unencrypted in a file readable only by its owner (0600). The desktop app
 * keeps its key with Electron safeStorage instead.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigner, generateKeyPair } from '@shared/crypto';
import {
  decodeDevPrivateKeyFile,
  decodePublicKeyFile,
  DEV_PRIVATE_KEY_FILE,
  encodeDevPrivateKeyFile,
  encodePublicKeyFile,
  PUBLIC_KEY_FILE,
  publicKeyFileFor,
  splitLegacyKeyFile,
  type PublicKeyFile,
} from '@shared/crypto/key-files';
import type { SignatureAlg, Signer } from '@shared/crypto/signing';

const keysDir = (home: string): string => join(home, 'keys');

/** The public half: its presence means the device has a complete key pair. */
export function keyPath(home: string): string {
  return join(keysDir(home), PUBLIC_KEY_FILE);
}
/** The private half, plain (dev-only). */
export function privateKeyPath(home: string): string {
  return join(keysDir(home), DEV_PRIVATE_KEY_FILE);
}

export function hasDeviceKey(home: string): boolean {
  return existsSync(keyPath(home));
}

function writePrivate(home: string, privateKey: string, flag: 'w' | 'wx'): void {
  writeFileSync(privateKeyPath(home), encodeDevPrivateKeyFile(privateKey), { mode: 0o600, flag });
  chmodSync(privateKeyPath(home), 0o600);
}

/** Written last and atomically (temp file + rename), as the host does. */
function writePublic(home: string, file: PublicKeyFile): void {
  const tmp = `${keyPath(home)}.tmp`;
  writeFileSync(tmp, encodePublicKeyFile(file), { mode: 0o600 });
  renameSync(tmp, keyPath(home));
}

/** A new key of `alg`: the algorithm the province's enrolment code requires (Ed25519 unless it says SM2-SM3). */
export async function createDeviceKey(home: string, alg: SignatureAlg = 'Ed25519'): Promise<Signer> {
  if (hasDeviceKey(home)) throw new Error(`${keyPath(home)} exists: a device key is never replaced silently`);
  const pair = await generateKeyPair(alg);
  mkdirSync(keysDir(home), { recursive: true, mode: 0o700 });
  chmodSync(keysDir(home), 0o700);
  writePrivate(home, pair.privateKey, 'w');
  writePublic(home, publicKeyFileFor(pair.alg, pair.publicKey));
  return createSigner(pair);
}

export async function loadDeviceKey(home: string): Promise<Signer> {
  const text = readFileSync(keyPath(home), 'utf8');
  // A key written by an earlier device client (one file): rewrite it in the host's format, private half first.
  const legacy = splitLegacyKeyFile(text);
  if (legacy) {
    writePrivate(home, legacy.privateKey, 'w');
    writePublic(home, legacy.publicFile);
  }
  const pub = legacy?.publicFile ?? decodePublicKeyFile(text);
  const privateKey = legacy?.privateKey ?? decodeDevPrivateKeyFile(readFileSync(privateKeyPath(home), 'utf8'));
  return createSigner({ alg: pub.alg, publicKey: pub.publicKey, privateKey });
}
