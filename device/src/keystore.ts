/**
 * The headless client's key file. NOT FOR PRODUCTION: the private key lies unencrypted in a file readable only by
 * its owner (0600). The desktop app keeps its key with Electron safeStorage instead.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigner, generateKeyPair } from '@shared/crypto';
import type { KeyPair, Signer } from '@shared/crypto/signing';

export const KEY_FILE = 'device-key.json';
const WARNING =
  'NOT FOR PRODUCTION — plain private key of the LinkDesk headless device client (仅供测试与运维工具使用，不得用于生产).';

interface KeyFile {
  warning: string;
  alg: KeyPair['alg'];
  publicKey: string;
  privateKey: string;
}

export function keyPath(home: string): string {
  return join(home, 'keys', KEY_FILE);
}

export function hasDeviceKey(home: string): boolean {
  return existsSync(keyPath(home));
}

/** A new key of `alg`: the algorithm the province's enrolment code requires (Ed25519 unless it says SM2-SM3). */
export async function createDeviceKey(home: string, alg: KeyPair['alg'] = 'Ed25519'): Promise<Signer> {
  const pair = await generateKeyPair(alg);
  const dir = join(home, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file: KeyFile = { warning: WARNING, alg: pair.alg, publicKey: pair.publicKey, privateKey: pair.privateKey };
  writeFileSync(keyPath(home), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyPath(home), 0o600);
  return createSigner(pair);
}

export async function loadDeviceKey(home: string): Promise<Signer> {
  const file = JSON.parse(readFileSync(keyPath(home), 'utf8')) as KeyFile;
  return createSigner({ alg: file.alg, publicKey: file.publicKey, privateKey: file.privateKey });
}
