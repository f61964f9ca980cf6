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
import { createSigner, generateKeyPair, keyIdFor, type KeyPair, type SignatureAlg, type Signer } from '@shared/crypto';

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

export const DEV_KEY_WARNING =
  'NOT FOR PRODUCTION — unencrypted private key of a LinkDesk development/browser-shell device (仅供开发与浏览器外壳使用，不得用于生产).';

interface PublicFile {
  alg: SignatureAlg;
  publicKey: string;
  keyId: string;
  certificate: string | null;
}

interface DevKeyFile {
  warning: string;
  privateKey: string;
}

/** Files: `device-key.json` (public half + certificate) and the private half, sealed or dev-only plain. */
export function createHostKeystore(dir: string, protector: SecretProtector | null): HostKeystore {
  const kind = protector ? 'safeStorage' : 'file-dev-only';
  const publicPath = path.join(dir, 'device-key.json');
  const privatePath = path.join(dir, protector ? 'device-key.sealed' : 'device-key.NOT-FOR-PRODUCTION.json');
  let signer: Promise<Signer> | null = null;

  const readPublic = async (): Promise<PublicFile | null> => {
    try {
      return JSON.parse(await readFile(publicPath, 'utf8')) as PublicFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new BridgeError('BRIDGE_IO_FAILED', `the device key file is unreadable: ${(error as Error).message}`);
    }
  };

  const readPrivate = async (): Promise<string> => {
    const bytes = await readFile(privatePath).catch(() => {
      throw new BridgeError('BRIDGE_IO_FAILED', 'the device private key is missing');
    });
    if (protector) return protector.decrypt(bytes);
    return (JSON.parse(bytes.toString('utf8')) as DevKeyFile).privateKey;
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
        : Buffer.from(
            `${JSON.stringify({ warning: DEV_KEY_WARNING, privateKey: pair.privateKey } satisfies DevKeyFile, null, 2)}\n`,
          );
      await writeFile(privatePath, secret, { mode: 0o600, flag: 'w' });
      await chmod(privatePath, 0o600);
      const info: PublicKeyInfo = { alg, publicKey: pair.publicKey, keyId: keyIdFor(alg, pair.publicKey) };
      // The public file is written last: its presence means the key pair is complete.
      await writeAtomically(publicPath, { ...info, certificate: null } satisfies PublicFile);
      signer = null;
      return info;
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
      await writeAtomically(publicPath, { ...pub, certificate } satisfies PublicFile);
      return status();
    },
  };
}

async function writeAtomically(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}
