// The device client and the desktop host keep the dev-only device key in ONE format
// (shared/src/crypto/key-files.ts): a key either writes, the other reads; the client's former single-file format is
// rewritten on load.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@shared/crypto';
import {
  decodeDevPrivateKeyFile,
  decodePublicKeyFile,
  encodePublicKeyFile,
  KeyFileError,
  publicKeyFileFor,
  splitLegacyKeyFile,
} from '@shared/crypto/key-files';
import { createDeviceKey, keyPath, loadDeviceKey, privateKeyPath } from '../../../device/src/keystore';
import { createHostKeystore } from '../../../electron/src/host/keystore';

const MESSAGE = new TextEncoder().encode('同一把钥匙');
const homes: string[] = [];
const home = (): string => {
  homes.push(mkdtempSync(join(tmpdir(), 'linkdesk-key-')));
  return homes.at(-1)!;
};
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('one device key format for the device client and the desktop host', () => {
  it('a key the device client made is the host keystore’s key: same key id, same signature', async () => {
    const h = home();
    const device = await createDeviceKey(h);
    const host = createHostKeystore(join(h, 'keys'), null);
    const status = await host.status();
    expect(status.kind).toBe('file-dev-only');
    expect(status.key?.keyId).toBe(device.keyId);
    expect(await host.sign(MESSAGE)).toEqual(await device.sign(MESSAGE)); // Ed25519 signatures are deterministic
  });

  it('a key the host made loads in the device client', async () => {
    const h = home();
    const host = createHostKeystore(join(h, 'keys'), null);
    const info = await host.generate('Ed25519');
    const device = await loadDeviceKey(h);
    expect(device.keyId).toBe(info.keyId);
    expect(await device.sign(MESSAGE)).toEqual(await host.sign(MESSAGE));
  });

  it('the former single-file device key is rewritten in the shared format on load, keeping the key', async () => {
    const h = home();
    const pair = await generateKeyPair('Ed25519');
    mkdirSync(join(h, 'keys'), { recursive: true });
    writeFileSync(keyPath(h), JSON.stringify({ warning: 'NOT FOR PRODUCTION', ...pair }), { mode: 0o600 });
    expect(existsSync(privateKeyPath(h))).toBe(false);

    const signer = await loadDeviceKey(h);
    expect(signer.keyId).toBe(publicKeyFileFor(pair.alg, pair.publicKey).keyId);
    expect(readFileSync(keyPath(h), 'utf8')).not.toContain(pair.privateKey);
    expect(decodeDevPrivateKeyFile(readFileSync(privateKeyPath(h), 'utf8'))).toBe(pair.privateKey);
    expect(statSync(privateKeyPath(h)).mode & 0o777).toBe(0o600);
    expect((await createHostKeystore(join(h, 'keys'), null).status()).key?.keyId).toBe(signer.keyId);
    expect((await loadDeviceKey(h)).keyId).toBe(signer.keyId); // and it loads again as it now is
  });

  it('refuses damaged files with a reason instead of a wrong key', async () => {
    const pair = await generateKeyPair('Ed25519');
    const good = publicKeyFileFor(pair.alg, pair.publicKey);
    expect(decodePublicKeyFile(encodePublicKeyFile(good))).toEqual(good);
    expect(() => decodePublicKeyFile('{')).toThrow(KeyFileError);
    expect(() => decodePublicKeyFile(JSON.stringify({ ...good, alg: 'RSA' }))).toThrow(/unknown alg/);
    expect(() => decodePublicKeyFile(JSON.stringify({ ...good, keyId: 'ab'.repeat(16) }))).toThrow(/keyId/);
    expect(() => decodeDevPrivateKeyFile(JSON.stringify({ warning: 'x' }))).toThrow(/no privateKey/);
    expect(() => splitLegacyKeyFile(JSON.stringify({ privateKey: 'x' }))).toThrow(/incomplete/);
    expect(splitLegacyKeyFile(encodePublicKeyFile(good))).toBeNull();

    const h = home();
    await createDeviceKey(h);
    writeFileSync(keyPath(h), '{"alg":"Ed25519"}');
    await expect(createHostKeystore(join(h, 'keys'), null).status()).rejects.toMatchObject({
      code: 'BRIDGE_IO_FAILED',
    });
    await expect(loadDeviceKey(h)).rejects.toThrow(/no publicKey/);
  });
});
