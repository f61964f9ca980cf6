import { describe, expect, it } from 'vitest';
import {
  BRIDGE_METHODS,
  BRIDGE_METHOD_NAMES,
  BridgeError,
  BridgePayloadError,
  bridgePathFor,
  channelFor,
  createRpcBridge,
  dispatchBridgeCall,
  type DesktopBridge,
  methodForChannel,
} from '@shared/bridge';

const validArgs = {
  saveFile: { suggestedName: '企业名录.xlsx', mime: 'application/vnd.ms-excel', dataBase64: 'AAEC' },
  openFile: { accept: ['.xlsx', 'text/csv'] },
  writeBackup: { folder: '/media/usb/备份', fileName: 'linkdesk-20261128-2030.ldbak', dataBase64: 'aGVsbG8=', keep: 5 },
};

function payloadError(fn: () => unknown): BridgePayloadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BridgePayloadError) return error;
    throw error;
  }
  throw new Error('expected the payload to be refused');
}

describe('bridge argument validators', () => {
  it('accept well-formed arguments and return them unchanged', () => {
    expect(BRIDGE_METHODS.saveFile.args(validArgs.saveFile, 'args')).toEqual(validArgs.saveFile);
    expect(BRIDGE_METHODS.openFile.args(validArgs.openFile, 'args')).toEqual(validArgs.openFile);
    expect(BRIDGE_METHODS.writeBackup.args(validArgs.writeBackup, 'args')).toEqual(validArgs.writeBackup);
    expect(BRIDGE_METHODS.writeBackup.args({ ...validArgs.writeBackup, folder: 'D:\\备份' }, 'args').folder).toBe(
      'D:\\备份',
    );
    expect(BRIDGE_METHODS.appInfo.args(undefined, 'args')).toBeUndefined();
    expect(BRIDGE_METHODS.chooseFolder.args(null, 'args')).toBeUndefined();
  });

  it.each([
    [
      'a file name with a folder part',
      { ...validArgs.saveFile, suggestedName: '../../etc/passwd' },
      'args.suggestedName',
      'bad-format',
    ],
    [
      'a Windows folder separator',
      { ...validArgs.saveFile, suggestedName: 'a\\b.txt' },
      'args.suggestedName',
      'bad-format',
    ],
    [
      'a reserved Windows device name',
      { ...validArgs.saveFile, suggestedName: 'CON.txt' },
      'args.suggestedName',
      'bad-format',
    ],
    ['".." as a file name', { ...validArgs.saveFile, suggestedName: '..' }, 'args.suggestedName', 'bad-format'],
    ['an empty file name', { ...validArgs.saveFile, suggestedName: '' }, 'args.suggestedName', 'empty-string'],
    ['data that is not base64', { ...validArgs.saveFile, dataBase64: 'not base64!' }, 'args.dataBase64', 'bad-format'],
    ['a number where a string belongs', { ...validArgs.saveFile, mime: 42 }, 'args.mime', 'not-string'],
    ['a smuggled extra field', { ...validArgs.saveFile, overwrite: true }, 'args.overwrite', 'unknown-field'],
    ['a missing field', { suggestedName: 'a.txt', mime: 'text/plain' }, 'args.dataBase64', 'missing-field'],
  ])('saveFile refuses %s', (_name, payload, path, reason) => {
    const error = payloadError(() => BRIDGE_METHODS.saveFile.args(payload, 'args'));
    expect(error.path).toBe(path);
    expect(error.reason).toBe(reason);
    expect(error.code).toBe('BRIDGE_BAD_PAYLOAD');
  });

  it.each([
    ['a relative folder', { ...validArgs.writeBackup, folder: 'backups' }, 'args.folder', 'bad-format'],
    ['keep = 0', { ...validArgs.writeBackup, keep: 0 }, 'args.keep', 'out-of-range'],
    ['a fractional keep', { ...validArgs.writeBackup, keep: 1.5 }, 'args.keep', 'not-integer'],
    ['a folder with a NUL byte', { ...validArgs.writeBackup, folder: '/tmp/a\u0000b' }, 'args.folder', 'bad-format'],
  ])('writeBackup refuses %s', (_name, payload, path, reason) => {
    const error = payloadError(() => BRIDGE_METHODS.writeBackup.args(payload, 'args'));
    expect([error.path, error.reason]).toEqual([path, reason]);
  });

  it('openFile refuses a non-list filter and filter entries that are neither extension nor MIME type', () => {
    expect(payloadError(() => BRIDGE_METHODS.openFile.args({ accept: '.xlsx' }, 'args')).reason).toBe('not-array');
    const bad = payloadError(() => BRIDGE_METHODS.openFile.args({ accept: ['.xlsx', 'exe'] }, 'args'));
    expect([bad.path, bad.reason]).toEqual(['args.accept[1]', 'bad-format']);
  });

  it('methods without arguments refuse an argument, and objects must be plain', () => {
    expect(payloadError(() => BRIDGE_METHODS.appInfo.args({ x: 1 }, 'args')).reason).toBe('unexpected-argument');
    expect(payloadError(() => BRIDGE_METHODS.openFile.args(new Map(), 'args')).reason).toBe('not-object');
    expect(payloadError(() => BRIDGE_METHODS.openFile.args([], 'args')).reason).toBe('not-object');
  });

  it('result validators refuse a host answer of the wrong shape', () => {
    const good = {
      version: '0.1.0',
      shell: 'browser',
      platform: 'linux',
      dataDir: '/data',
      serverUrl: null,
      keystore: 'none',
    };
    expect(BRIDGE_METHODS.appInfo.result(good, 'result')).toEqual(good);
    expect(payloadError(() => BRIDGE_METHODS.appInfo.result({ ...good, shell: 'web' }, 'result')).path).toBe(
      'result.shell',
    );
    expect(payloadError(() => BRIDGE_METHODS.appInfo.result({ ...good, serverUrl: 'ftp://x' }, 'result')).path).toBe(
      'result.serverUrl',
    );
  });
});

describe('transport names derive from method names', () => {
  it('maps every method to its own IPC channel and HTTP path, and back', () => {
    for (const m of BRIDGE_METHOD_NAMES) {
      expect(methodForChannel(channelFor(m))).toBe(m);
      expect(bridgePathFor(m)).toBe(`/bridge/${m}`);
    }
    expect(methodForChannel('linkdesk:bridge:toString')).toBeNull();
    expect(methodForChannel('linkdesk:bridge:__proto__')).toBeNull();
    expect(methodForChannel('other:saveFile')).toBeNull();
  });
});

describe('createRpcBridge over dispatchBridgeCall', () => {
  const host: DesktopBridge = {
    appInfo: async () => ({
      version: '0.1.0',
      shell: 'browser',
      platform: 'linux',
      dataDir: '/data',
      serverUrl: null,
      keystore: 'none',
    }),
    saveFile: async (a) => ({ path: `/data/exports/${a.suggestedName}` }),
    openFile: async () => null,
    writeBackup: async () => {
      throw new BridgeError('BRIDGE_PATH_REFUSED', 'folder is not allowed');
    },
    chooseFolder: async () => 'relative/folder' as string,
    keystoreStatus: async () => ({ kind: 'none', key: null, certificate: null }),
    keystoreGenerate: async () => Promise.reject(new BridgeError('BRIDGE_UNAVAILABLE', 'no keystore')),
    keystoreSign: async () => Promise.reject(new BridgeError('BRIDGE_UNAVAILABLE', 'no keystore')),
    keystoreImportCertificate: async () => Promise.reject(new BridgeError('BRIDGE_UNAVAILABLE', 'no keystore')),
    syncConfigure: async () => undefined,
    syncHttp: async () => Promise.reject(new BridgeError('BRIDGE_UNAVAILABLE', 'offline')),
    updateStatus: async () => ({
      state: 'unsupported',
      current: '0.1.0',
      available: null,
      percent: null,
      reason: 'test host',
    }),
    updateCheck: async () => ({ state: 'up-to-date', current: '0.1.0', available: null, percent: null, reason: null }),
    updateDownload: async () => Promise.reject(new BridgeError('BRIDGE_UNAVAILABLE', 'nothing to download')),
    updateInstall: async () => Promise.reject(new BridgeError('BRIDGE_UNAVAILABLE', 'nothing to install')),
  };
  const sent: unknown[] = [];
  const client = createRpcBridge(async (method, payload) => {
    sent.push(payload);
    // a JSON round trip, like both real transports
    return JSON.parse(JSON.stringify(await dispatchBridgeCall(host, method, JSON.parse(JSON.stringify(payload)))));
  });

  it('returns the host result', async () => {
    await expect(client.saveFile(validArgs.saveFile)).resolves.toEqual({ path: '/data/exports/企业名录.xlsx' });
    await expect(client.appInfo()).resolves.toMatchObject({ shell: 'browser' });
    await expect(client.openFile(validArgs.openFile)).resolves.toBeNull();
  });

  it('keeps the stable error code of a host failure', async () => {
    await expect(client.writeBackup(validArgs.writeBackup)).rejects.toMatchObject({
      code: 'BRIDGE_PATH_REFUSED',
      detail: 'folder is not allowed',
    });
  });

  it('refuses bad arguments before sending them', async () => {
    sent.length = 0;
    const bad = { ...validArgs.saveFile, suggestedName: '../x' } as typeof validArgs.saveFile;
    await expect(client.saveFile(bad)).rejects.toMatchObject({ code: 'BRIDGE_BAD_PAYLOAD' });
    expect(sent).toEqual([]);
  });

  it('reports a host result that breaks the contract as an internal error', async () => {
    await expect(client.chooseFolder()).rejects.toMatchObject({ code: 'BRIDGE_INTERNAL' });
  });

  it('the host refuses unknown methods and bad arguments without running a handler', async () => {
    expect(await dispatchBridgeCall(host, 'constructor', null)).toEqual({
      ok: false,
      error: { code: 'BRIDGE_UNKNOWN_METHOD', message: expect.any(String) },
    });
    const bad = await dispatchBridgeCall(host, 'saveFile', { suggestedName: 'a/b' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BRIDGE_BAD_PAYLOAD' } });
  });

  it('a transport failure becomes BRIDGE_UNAVAILABLE, and the code survives a message-only copy', async () => {
    const down = createRpcBridge(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(down.appInfo()).rejects.toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
    const copied = new Error('Error invoking remote method: BRIDGE_PATH_REFUSED: folder is not allowed');
    expect(BridgeError.from(copied)).toMatchObject({ code: 'BRIDGE_PATH_REFUSED', detail: 'folder is not allowed' });
  });

  it('is a plain frozen object with exactly one function per method (what contextBridge can expose)', () => {
    expect(Object.keys(client).sort()).toEqual([...BRIDGE_METHOD_NAMES].sort());
    expect(Object.isFrozen(client)).toBe(true);
    expect(Object.getPrototypeOf(client)).toBe(Object.prototype);
  });
});
