// The app's own updates through the desktop bridge: a real electron-updater (NsisUpdater without Electron) reads
// a generic feed served over loopback, finds the newer version, downloads it checked against the feed's sha512,
// and installs only what was downloaded. Hosts that cannot update themselves say why.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dispatchBridgeCall,
  openEnvelope,
  type BridgeMethod,
  type DesktopBridge,
  type UpdateStatus,
} from '@shared/bridge';
import { createDataDirDialogs, createHostServices } from '../../../electron/src/host';
import { feedUrlFor, type UpdaterLike } from '../../../electron/src/host/updates';
import { nodeUpdater } from '../../support/electron-updater';

const EXE = 'LinkDesk-Setup-1.2.0.exe';
const installer = randomBytes(200_000);
const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest('base64');
const latestYml = (version: string, digest: string) =>
  [
    `version: ${version}`,
    'files:',
    `  - url: ${EXE}`,
    `    sha512: ${digest}`,
    `    size: ${installer.length}`,
    `path: ${EXE}`,
    `sha512: ${digest}`,
    "releaseDate: '2026-11-20T08:00:00.000Z'",
    '',
  ].join('\n');

let root: string;
let server: Server;
let base: string;
/** What the feed answers for latest.yml (tests change it). */
let feedYml = latestYml('1.2.0', sha512(installer));

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'linkdesk-updates-'));
  server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/updates\//, ''));
    if (name === 'latest.yml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(feedYml);
    else if (name === EXE)
      res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': installer.length })
        .end(installer);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

async function call(host: DesktopBridge, method: BridgeMethod): Promise<UpdateStatus> {
  return openEnvelope(await dispatchBridgeCall(host, method, undefined)) as UpdateStatus;
}

async function errorOf(host: DesktopBridge, method: BridgeMethod): Promise<{ code: string; message: string }> {
  const envelope = await dispatchBridgeCall(host, method, undefined);
  if (envelope.ok) throw new Error(`${method} succeeded`);
  return envelope.error;
}

let homes = 0;
/** An Electron-like host at version 1.0.0 whose updater is a real NsisUpdater; `installs` counts quitAndInstall calls. */
async function electronHost(serverUrl: string | null) {
  const home = path.join(root, `home-${++homes}`);
  const installs: string[] = [];
  const host = createHostServices({
    shell: 'electron',
    version: '1.0.0',
    platform: 'win32-x64',
    dataDir: path.join(home, 'data'),
    serverUrl,
    keystore: 'none',
    dialogs: createDataDirDialogs(path.join(home, 'data')),
    updates: {
      makeUpdater: (feedUrl): UpdaterLike => {
        const updater = nodeUpdater('1.0.0', path.join(home, 'updater'), feedUrl, 'win32');
        // Running the installer is the one step that needs Windows; record it instead.
        return Object.assign(updater, { quitAndInstall: () => void installs.push(feedUrl) });
      },
    },
  });
  return { host, installs, home };
}

describe('app updates from the provincial server', () => {
  it('the feed is the server address plus /updates/', () => {
    expect(feedUrlFor('http://10.1.2.3:8443')).toBe('http://10.1.2.3:8443/updates/');
    expect(feedUrlFor('https://kj.hebei.example/linkdesk/')).toBe('https://kj.hebei.example/linkdesk/updates/');
  });

  it('finds the newer version, downloads the installer with a matching sha512, then installs it', async () => {
    feedYml = latestYml('1.2.0', sha512(installer));
    const { host, installs, home } = await electronHost(base);
    expect(await call(host, 'updateStatus')).toMatchObject({ state: 'idle', current: '1.0.0', available: null });

    expect(await call(host, 'updateCheck')).toMatchObject({ state: 'available', current: '1.0.0', available: '1.2.0' });
    expect(installs).toEqual([]);

    expect(await call(host, 'updateDownload')).toMatchObject({ state: 'downloaded', available: '1.2.0', percent: 100 });
    const cache = path.join(home, 'updater', 'cache', 'linkdesk-updater', 'pending');
    const files = await readdir(cache);
    expect(files).toContain(EXE);
    expect(new Uint8Array(readFileSync(path.join(cache, EXE)))).toEqual(new Uint8Array(installer));

    // checking again keeps the verified download ready to install
    expect(await call(host, 'updateCheck')).toMatchObject({ state: 'downloaded', available: '1.2.0' });

    await call(host, 'updateInstall');
    expect(installs).toEqual([`${base}/updates/`]);
  });

  it('an app already at the offered version is up to date, and there is nothing to download or install', async () => {
    feedYml = latestYml('1.0.0', sha512(installer));
    const { host, installs } = await electronHost(base);
    expect(await call(host, 'updateCheck')).toMatchObject({ state: 'up-to-date', available: null });
    expect(await errorOf(host, 'updateDownload')).toMatchObject({
      code: 'BRIDGE_UNAVAILABLE',
      message: expect.stringContaining('up-to-date'),
    });
    expect(await errorOf(host, 'updateInstall')).toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
    expect(installs).toEqual([]);
  });

  it('an installer that does not match the feed’s sha512 is refused: the download fails and nothing can be installed', async () => {
    feedYml = latestYml('1.2.0', sha512(randomBytes(16)));
    const { host, installs } = await electronHost(base);
    expect(await call(host, 'updateCheck')).toMatchObject({ state: 'available' });
    const failed = await call(host, 'updateDownload');
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/sha512/i);
    expect(await errorOf(host, 'updateInstall')).toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
    expect(installs).toEqual([]);
  });

  it('an unreachable server is a failed check with the reason, not an exception', async () => {
    const { host } = await electronHost('http://127.0.0.1:9');
    const status = await call(host, 'updateCheck');
    expect(status.state).toBe('failed');
    expect(status.reason).toMatch(/ECONNREFUSED|connect/i);
  });

  it('without a provincial server there is nothing to ask', async () => {
    const { host } = await electronHost(null);
    expect(await call(host, 'updateCheck')).toMatchObject({ state: 'no-server', available: null });
  });

  it('the browser shell does not update itself and says why', async () => {
    const dataDir = path.join(root, 'shell');
    const host = createHostServices({
      shell: 'browser',
      version: '1.0.0',
      platform: 'linux-x64',
      dataDir,
      serverUrl: base,
      keystore: 'none',
      dialogs: createDataDirDialogs(dataDir),
    });
    const status = await call(host, 'updateCheck');
    expect(status).toMatchObject({ state: 'unsupported', current: '1.0.0' });
    expect(status.reason).toContain('browser shell');
    expect(await errorOf(host, 'updateDownload')).toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
  });
});
