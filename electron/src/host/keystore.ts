/**
 * The device key, kept in the host: generated here, used here, never handed to the renderer (only the public key
 * and signatures cross the bridge).
 *
 * At rest the private key is protected by a SecretProtector: Electron `safeStorage` (OS keychain / DPAPI /
 * libsecret) in the desktop app. Without one (the browser shell, plain Node) it lies in a 0600 file clearly marked
 * NOT FOR PRODUCTION, and appInfo reports `file-dev-only`.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BridgeError, type KeystoreStatus, type PublicKeyInfo } from '@shared/bridge';
import { createSigner, generateKeyPair, type KeyPair, type SignatureAlg, type Signer } from '@shared/crypto';
import {
  decodeDevPrivateKeyFile,
  decodePublicKeyFile,
  DEV_KEY_WARNING,
  DEV_PRIVATE_KEY_FILE,
  encodeDevPrivateKeyFile,
  encodePublicKeyFile,
  KeyFileError,
  PUBLIC_KEY_FILE,
  publicKeyFileFor,
  type PublicKeyFile,
} from '@shared/crypto/key-files';

/** Encrypts secrets at rest (Electron safeStorage in the app). */
export interface SecretProtector {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export interface HostKeystore {
  readonly kind: 'safeStorage' | 'file-dev-only';
  status(): Promise<KeystoreStatus>;
  generate(alg: SignatureAlg): Promise<PublicKeyInfo>;
  sign(message: Uint8Array): Promise<Uint8Array>;
  importCertificate(certificate: string): Promise<KeystoreStatus>;
}

export { DEV_KEY_WARNING };

/**
 * Files: `device-key.json` (public half + certificate) and the private half, sealed or dev-only plain; the formats
 * are shared with the headless device client (shared/src/crypto/key-files.ts).
 */
export function createHostKeystore(dir: string, protector: SecretProtector | null): HostKeystore {
  const kind = protector ? 'safeStorage' : 'file-dev-only';
  const publicPath = path.join(dir, PUBLIC_KEY_FILE);
  const privatePath = path.join(dir, protector ? 'device-key.sealed' : DEV_PRIVATE_KEY_FILE);
  let signer: Promise<Signer> | null = null;

  const readPublic = async (): Promise<PublicKeyFile | null> => {
    try {
      return decodePublicKeyFile(await readFile(publicPath, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (error instanceof KeyFileError)
        throw new BridgeError('BRIDGE_IO_FAILED', `the device key file is damaged: ${error.message}`);
      throw new BridgeError('BRIDGE_IO_FAILED', `the device key file is unreadable: ${(error as Error).message}`);
    }
  };

  const readPrivate = async (): Promise<string> => {
    const bytes = await readFile(privatePath).catch(() => {
      throw new BridgeError('BRIDGE_IO_FAILED', 'the device private key is missing');
    });
    if (protector) return protector.decrypt(bytes);
    try {
      return decodeDevPrivateKeyFile(bytes.toString('utf8'));
    } catch (error) {
      throw new BridgeError('BRIDGE_IO_FAILED', `the device private key file is damaged: ${(error as Error).message}`);
    }
  };

  const loadSigner = async (): Promise<Signer> => {
    const pub = await readPublic();
    if (!pub) throw new BridgeError('BRIDGE_UNAVAILABLE', 'no device key yet: generate one (enrol the device) first');
    return createSigner({ alg: pub.alg, publicKey: pub.publicKey, privateKey: await readPrivate() });
  };

  const status = async (): Promise<KeystoreStatus> => {
    const pub = await readPublic();
    return {
      kind,
      key: pub ? { alg: pub.alg, publicKey: pub.publicKey, keyId: pub.keyId } : null,
      certificate: pub?.certificate ?? null,
    };
  };

  return {
    kind,
    status,
    async generate(alg) {
      if (await readPublic())
        throw new BridgeError('BRIDGE_FORBIDDEN', 'this device already has a key; it is never replaced silently');
      const pair: KeyPair = await generateKeyPair(alg);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const secret = protector
        ? protector.encrypt(pair.privateKey)
        : Buffer.from(encodeDevPrivateKeyFile(pair.privateKey));
      await writeFile(privatePath, secret, { mode: 0o600, flag: 'w' });
      await chmod(privatePath, 0o600);
      const file = publicKeyFileFor(alg, pair.publicKey);
      // The public file is written last: its presence means the key pair is complete.
      await writeAtomically(publicPath, file);
      signer = null;
      return { alg, publicKey: file.publicKey, keyId: file.keyId };
    },
    async sign(message) {
      signer ??= loadSigner();
      try {
        return await (await signer).sign(message);
      } catch (error) {
        signer = null;
        throw error;
      }
    },
    async importCertificate(certificate) {
      const pub = await readPublic();
      if (!pub) throw new BridgeError('BRIDGE_UNAVAILABLE', 'no device key yet: generate one first');
      let body: { publicKey?: unknown; alg?: unknown } | undefined;
      try {
        body = (JSON.parse(certificate) as { body?: { publicKey?: unknown; alg?: unknown } }).body;
      } catch {
        throw new BridgeError('BRIDGE_BAD_PAYLOAD', 'the certificate is not a LinkDesk certificate file (not JSON)');
      }
      if (!body || body.publicKey !== pub.publicKey || body.alg !== pub.alg) {
        throw new BridgeError('BRIDGE_FORBIDDEN', 'the certificate was not issued for this device key');
      }
      await writeAtomically(publicPath, { ...pub, certificate });
      return status();
    },
  };
}

async function writeAtomically(file: string, value: PublicKeyFile): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, encodePublicKeyFile(value), { mode: 0o600 });
  await rename(tmp, file);
}
