import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DesktopBridge, createRpcBridge, dispatchBridgeCall } from '@shared/bridge';
import {
  createDataDirDialogs,
  createHostServices,
  type HostDialogs,
  resolveDataDir,
  resolveServerUrl,
} from '../../../electron/src/host';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

let root: string;
let dataDir: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'linkdesk-host-'));
  dataDir = path.join(root, 'data');
  outside = path.join(root, 'outside');
  await mkdir(dataDir, { recursive: true });
  await mkdir(outside, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Host services behind the same validating dispatch as both real transports. */
function hostBridge(dialogs: HostDialogs = createDataDirDialogs(dataDir)): DesktopBridge {
  const services = createHostServices({
    shell: 'browser',
    version: '1.2.3',
    platform: 'linux',
    dataDir,
    serverUrl: 'http://127.0.0.1:8787',
    keystore: 'none',
    dialogs,
  });
  return createRpcBridge(async (method, payload) => dispatchBridgeCall(services, method, payload));
}

const scriptedDialogs = (answers: Partial<Record<keyof HostDialogs, string | null>>): HostDialogs => ({
  chooseSavePath: async () => answers.chooseSavePath ?? null,
  chooseOpenPath: async () => answers.chooseOpenPath ?? null,
  chooseFolder: async () => answers.chooseFolder ?? null,
});

describe('data dir resolution', () => {
  it('prefers LINKDESK_HOME, then the packaged user folder, then ./data/desktop', () => {
    expect(
      resolveDataDir({ env: { LINKDESK_HOME: '/srv/ld' }, cwd: '/repo', packagedUserData: '/home/u/.config/x' }),
    ).toBe('/srv/ld');
    expect(resolveDataDir({ env: { LINKDESK_HOME: 'rel' }, cwd: '/repo' })).toBe('/repo/rel');
    expect(resolveDataDir({ env: {}, cwd: '/repo', packagedUserData: '/home/u/.config/x' })).toBe('/home/u/.config/x');
    expect(resolveDataDir({ env: { LINKDESK_HOME: '  ' }, cwd: '/repo' })).toBe('/repo/data/desktop');
  });

  it('reads the provincial server URL and refuses a non-http one', () => {
    expect(resolveServerUrl({})).toBeNull();
    expect(resolveServerUrl({ LINKDESK_SERVER_URL: 'https://kj.hebei.example/' })).toBe('https://kj.hebei.example');
    expect(() => resolveServerUrl({ LINKDESK_SERVER_URL: 'file:///etc' })).toThrow(/http\(s\) URL/);
  });
});

describe('host services', () => {
  it('appInfo reports the shell, data dir and server', async () => {
    expect(await hostBridge().appInfo()).toEqual({
      version: '1.2.3',
      shell: 'browser',
      platform: 'linux',
      dataDir,
      serverUrl: 'http://127.0.0.1:8787',
      keystore: 'none',
    });
  });

  it('saveFile writes the bytes where the dialog says and never overwrites in the exports folder', async () => {
    const bridge = hostBridge();
    const first = await bridge.saveFile({ suggestedName: '企业名录.csv', mime: 'text/csv', dataBase64: b64('a,b\n') });
    const second = await bridge.saveFile({ suggestedName: '企业名录.csv', mime: 'text/csv', dataBase64: b64('c,d\n') });
    expect(first?.path).toBe(path.join(dataDir, 'exports', '企业名录.csv'));
    expect(second?.path).toBe(path.join(dataDir, 'exports', '企业名录 (2).csv'));
    expect(await readFile(first!.path, 'utf8')).toBe('a,b\n');
    expect(await readFile(second!.path, 'utf8')).toBe('c,d\n');
  });

  it('saveFile answers null when the dialog is cancelled', async () => {
    expect(
      await hostBridge(scriptedDialogs({})).saveFile({ suggestedName: 'a.txt', mime: 'text/plain', dataBase64: '' }),
    ).toBeNull();
  });

  it('openFile reads the chosen file as base64 with its bare name', async () => {
    const file = path.join(outside, '走访记录.xlsx');
    await writeFile(file, 'xlsx-bytes');
    expect(await hostBridge(scriptedDialogs({ chooseOpenPath: file })).openFile({ accept: ['.xlsx'] })).toEqual({
      name: '走访记录.xlsx',
      dataBase64: b64('xlsx-bytes'),
    });
    await expect(
      hostBridge(scriptedDialogs({ chooseOpenPath: outside })).openFile({ accept: [] }),
    ).rejects.toMatchObject({ code: 'BRIDGE_IO_FAILED' });
  });

  it('writeBackup keeps only the newest N files of the same series and leaves other files alone', async () => {
    const folder = path.join(dataDir, 'backups');
    await mkdir(folder);
    await writeFile(path.join(folder, 'notes.txt'), 'keep me');
    await writeFile(path.join(folder, 'other-20260101.ldbak'), 'other series');
    const bridge = hostBridge();
    const names = [
      'linkdesk-20261101-0900.ldbak',
      'linkdesk-20261102-0900.ldbak',
      'linkdesk-20261103-0900.ldbak',
      'linkdesk-20261104-0900.ldbak',
    ];
    const results = [];
    for (const fileName of names)
      results.push(await bridge.writeBackup({ folder, fileName, dataBase64: b64(fileName), keep: 2 }));
    expect(results[0]).toEqual({ path: path.join(folder, names[0]!), removed: [] });
    expect(results[2]!.removed).toEqual([path.join(folder, names[0]!)]);
    expect(results[3]!.removed).toEqual([path.join(folder, names[1]!)]);
    expect((await readdir(folder)).sort()).toEqual([
      'linkdesk-20261103-0900.ldbak',
      'linkdesk-20261104-0900.ldbak',
      'notes.txt',
      'other-20260101.ldbak',
    ]);
    expect(await readFile(path.join(folder, names[3]!), 'utf8')).toBe(names[3]);
  });

  it('writeBackup refuses folders outside the data dir until the user chooses them', async () => {
    const bridge = hostBridge(scriptedDialogs({ chooseFolder: outside }));
    const args = { folder: outside, fileName: 'linkdesk-20261128.ldbak', dataBase64: b64('x'), keep: 3 };
    await expect(bridge.writeBackup(args)).rejects.toMatchObject({ code: 'BRIDGE_PATH_REFUSED' });
    expect(await readdir(outside)).toEqual([]);
    expect(await bridge.chooseFolder()).toBe(outside);
    await expect(bridge.writeBackup(args)).resolves.toEqual({ path: path.join(outside, args.fileName), removed: [] });
  });

  it('the chosen folder stays allowed for a later host (remembered in the data dir)', async () => {
    await hostBridge(scriptedDialogs({ chooseFolder: outside })).chooseFolder();
    const later = hostBridge(scriptedDialogs({}));
    await expect(
      later.writeBackup({ folder: outside, fileName: 'a-1.ldbak', dataBase64: '', keep: 1 }),
    ).resolves.toMatchObject({ removed: [] });
  });

  it('writeBackup refuses path traversal out of an allowed folder, by .. or by symlink', async () => {
    const bridge = hostBridge();
    await expect(
      bridge.writeBackup({
        folder: path.join(dataDir, '..', 'outside'),
        fileName: 'a-1.ldbak',
        dataBase64: '',
        keep: 1,
      }),
    ).rejects.toMatchObject({ code: 'BRIDGE_PATH_REFUSED' });
    await symlink(outside, path.join(dataDir, 'link-out'));
    await expect(
      bridge.writeBackup({ folder: path.join(dataDir, 'link-out'), fileName: 'a-1.ldbak', dataBase64: '', keep: 1 }),
    ).rejects.toMatchObject({ code: 'BRIDGE_PATH_REFUSED' });
    await expect(
      bridge.writeBackup({ folder: dataDir, fileName: '../outside/a-1.ldbak', dataBase64: '', keep: 1 }),
    ).rejects.toMatchObject({ code: 'BRIDGE_BAD_PAYLOAD' });
    expect(await readdir(outside)).toEqual([]);
  });

  it('writeBackup into a missing folder fails with an I/O reason, not a crash', async () => {
    await expect(
      hostBridge().writeBackup({ folder: path.join(dataDir, 'nope'), fileName: 'a-1.ldbak', dataBase64: '', keep: 1 }),
    ).rejects.toMatchObject({ code: 'BRIDGE_IO_FAILED' });
  });
});
