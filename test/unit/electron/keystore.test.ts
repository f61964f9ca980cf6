// The device key lives in the host: generated there, sealed at rest (safeStorage) or in a 0600 dev-only file,
// and only the public key and signatures cross the bridge. syncHttp reaches only /v1/ paths of the set server.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRpcBridge, dispatchBridgeCall, type DesktopBridge } from '@shared/bridge';
import { softwareVerifier } from '@shared/crypto';
import {
  createDataDirDialogs,
  createHostKeystore,
  createHostServices,
  DEV_KEY_WARNING,
  type HostKeystore,
} from '../../../electron/src/host';

const keychain = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret', sealed: [] as string[] }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    // A reversible stand-in for the OS keychain that hides the text (so the test can look for leaks).
    encryptString: (text: string) => {
      keychain.sealed.push(text);
      return Buffer.from(Buffer.from(text).toString('base64').split('').reverse().join(''));
    },
    decryptString: (data: Buffer) => Buffer.from(data.toString().split('').reverse().join(''), 'base64').toString(),
  },
}));
const { safeStorageProtector } = await import('../../../electron/src/host/keystore-electron');

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'linkdesk-keystore-'));
  keychain.available = true;
  keychain.backend = 'gnome_libsecret';
  keychain.sealed.length = 0;
});

function bridgeOver(
  keys: HostKeystore | undefined,
  fetchImpl?: typeof fetch,
  serverUrl: string | null = null,
): DesktopBridge {
  const services = createHostServices({
    shell: 'electron',
    version: '1.0.0',
    platform: 'linux',
    dataDir,
    serverUrl,
    keystore: 'none',
    dialogs: createDataDirDialogs(dataDir),
    keys,
    fetch: fetchImpl,
  });
  return createRpcBridge(async (method, payload) => dispatchBridgeCall(services, method, structuredClone(payload)));
}

async function filesUnder(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const texts = await Promise.all(
    names.map(async (n) => ((await stat(path.join(dir, n))).isFile() ? readFile(path.join(dir, n), 'utf8') : '')),
  );
  return texts.join('\n');
}

describe('keystore with Electron safeStorage', () => {
  it('generates an Ed25519 key in the host, seals the private half and signs verifiably', async () => {
    const bridge = bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), safeStorageProtector()));
    expect((await bridge.appInfo()).keystore).toBe('safeStorage');
    const key = await bridge.keystoreGenerate({ alg: 'Ed25519' });
    expect(key.alg).toBe('Ed25519');
    const privateKey = keychain.sealed[0]!;
    expect(privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing on disk holds the private key in the clear; nothing the bridge answered does either.
    expect(await filesUnder(dataDir)).not.toContain(privateKey);
    const status = await bridge.keystoreStatus();
    expect(JSON.stringify(status)).not.toContain(privateKey);
    expect(status).toEqual({ kind: 'safeStorage', key, certificate: null });

    const message = new TextEncoder().encode('package signing input');
    const { signatureBase64 } = await bridge.keystoreSign({ messageBase64: Buffer.from(message).toString('base64') });
    expect(
      await softwareVerifier.verify('Ed25519', key.publicKey, message, Buffer.from(signatureBase64, 'base64')),
    ).toBe(true);

    // A restarted host (new keystore over the same folder) signs with the same key.
    const again = bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), safeStorageProtector()));
    const second = await again.keystoreSign({ messageBase64: Buffer.from(message).toString('base64') });
    expect(
      await softwareVerifier.verify('Ed25519', key.publicKey, message, Buffer.from(second.signatureBase64, 'base64')),
    ).toBe(true);
  });

  it('never replaces an existing key', async () => {
    const bridge = bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), safeStorageProtector()));
    await bridge.keystoreGenerate({ alg: 'Ed25519' });
    await expect(bridge.keystoreGenerate({ alg: 'Ed25519' })).rejects.toMatchObject({ code: 'BRIDGE_FORBIDDEN' });
  });

  it('falls back to the dev-only file when the OS has no keyring (Linux basic_text) or no encryption', () => {
    keychain.backend = 'basic_text';
    expect(safeStorageProtector() === null).toBe(process.platform === 'linux');
    keychain.backend = 'gnome_libsecret';
    keychain.available = false;
    expect(safeStorageProtector()).toBeNull();
  });
});

describe('keystore without safeStorage (browser shell, plain Node)', () => {
  it('keeps the private key in a 0600 file marked NOT FOR PRODUCTION and reports file-dev-only', async () => {
    const bridge = bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), null));
    expect((await bridge.appInfo()).keystore).toBe('file-dev-only');
    await bridge.keystoreGenerate({ alg: 'Ed25519' });
    const file = path.join(dataDir, 'keys', 'device-key.NOT-FOR-PRODUCTION.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ warning: DEV_KEY_WARNING });
    expect(DEV_KEY_WARNING).toContain('NOT FOR PRODUCTION');
  });

  it('signs with SM2 too', async () => {
    const bridge = bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), null));
    const key = await bridge.keystoreGenerate({ alg: 'SM2-SM3' });
    const message = new TextEncoder().encode('hello');
    const { signatureBase64 } = await bridge.keystoreSign({ messageBase64: Buffer.from(message).toString('base64') });
    expect(
      await softwareVerifier.verify('SM2-SM3', key.publicKey, message, Buffer.from(signatureBase64, 'base64')),
    ).toBe(true);
  });

  it('keeps a certificate only when it names the device key', async () => {
    const bridge = bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), null));
    const key = await bridge.keystoreGenerate({ alg: 'Ed25519' });
    const other = JSON.stringify({ header: {}, body: { alg: 'Ed25519', publicKey: 'A'.repeat(43) } });
    await expect(bridge.keystoreImportCertificate({ certificate: other })).rejects.toMatchObject({
      code: 'BRIDGE_FORBIDDEN',
    });
    await expect(bridge.keystoreImportCertificate({ certificate: 'not json' })).rejects.toMatchObject({
      code: 'BRIDGE_BAD_PAYLOAD',
    });
    const mine = JSON.stringify({ header: {}, body: { alg: 'Ed25519', publicKey: key.publicKey, device: 'dev-1' } });
    expect(await bridge.keystoreImportCertificate({ certificate: mine })).toEqual({
      kind: 'file-dev-only',
      key,
      certificate: mine,
    });
  });

  it('answers BRIDGE_UNAVAILABLE for signing before a key exists, and on a host without a keystore', async () => {
    await expect(
      bridgeOver(createHostKeystore(path.join(dataDir, 'keys'), null)).keystoreSign({ messageBase64: 'AA==' }),
    ).rejects.toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
    const bare = bridgeOver(undefined);
    expect(await bare.keystoreStatus()).toEqual({ kind: 'none', key: null, certificate: null });
    await expect(bare.keystoreGenerate({ alg: 'Ed25519' })).rejects.toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
  });
});

describe('syncHttp: the host talks to the provincial server', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; type: string | undefined; body: string }[] = [];
  beforeEach(async () => {
    seen.length = 0;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          type: req.headers['content-type'],
          body: Buffer.concat(chunks).toString(),
        });
        if (req.url === '/v1/big') {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end(Buffer.alloc(2048));
          return;
        }
        res.writeHead(req.url === '/v1/busy' ? 429 : 200, { 'content-type': 'application/json', 'retry-after': '3' });
        res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString() }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the bytes to the configured server and returns status, type and body', async () => {
    const bridge = bridgeOver(undefined);
    await bridge.syncConfigure({ serverUrl: base });
    expect((await bridge.appInfo()).serverUrl).toBe(base);
    const answer = await bridge.syncHttp({
      method: 'POST',
      path: '/v1/packages',
      bodyBase64: Buffer.from('PKG').toString('base64'),
      contentType: 'application/vnd.linkdesk.package',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(Buffer.from(answer.bodyBase64, 'base64').toString())).toEqual({ echo: 'PKG' });
    expect(seen).toEqual([
      { method: 'POST', url: '/v1/packages', type: 'application/vnd.linkdesk.package', body: 'PKG' },
    ]);
    const busy = await bridge.syncHttp({ method: 'GET', path: '/v1/busy', bodyBase64: null, contentType: null });
    expect(busy).toMatchObject({ status: 429, retryAfterMs: 3000 });
  });

  it('refuses paths outside /v1/, parent steps and double slashes before any network', async () => {
    const bridge = bridgeOver(undefined, undefined, base);
    for (const bad of ['/admin/keys', '/v1/../admin', '/v1//x', 'http://evil/v1/x', '/v1/a#b']) {
      await expect(
        bridge.syncHttp({ method: 'GET', path: bad, bodyBase64: null, contentType: null }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/BRIDGE_(BAD_PAYLOAD|FORBIDDEN)/) });
    }
    expect(seen).toEqual([]);
  });

  it('refuses an answer larger than the limit, and says when no server is set or it cannot be reached', async () => {
    const services = createHostServices({
      shell: 'browser',
      version: '1',
      platform: 'linux',
      dataDir,
      serverUrl: base,
      keystore: 'none',
      dialogs: createDataDirDialogs(dataDir),
    });
    expect(
      await services.syncHttp({ method: 'GET', path: '/v1/ok', bodyBase64: null, contentType: null }),
    ).toMatchObject({ status: 200 });
    const { createSyncHttp } = await import('../../../electron/src/host/transport');
    const small = createSyncHttp({ dataDir, defaultServerUrl: base, maxBodyBytes: 1024 });
    await expect(
      small.request({ method: 'GET', path: '/v1/big', bodyBase64: null, contentType: null }),
    ).rejects.toMatchObject({ code: 'BRIDGE_IO_FAILED' });
    await expect(
      bridgeOver(undefined).syncHttp({ method: 'GET', path: '/v1/x', bodyBase64: null, contentType: null }),
    ).rejects.toMatchObject({ code: 'BRIDGE_FORBIDDEN' });
    const down = bridgeOver(undefined, undefined, 'http://127.0.0.1:1');
    await expect(
      down.syncHttp({ method: 'GET', path: '/v1/x', bodyBase64: null, contentType: null }),
    ).rejects.toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
  });
});
