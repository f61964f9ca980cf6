// The browser-shell host over real HTTP on loopback, with real files in temp folders.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '@shared/bridge';
import { createDataDirDialogs, createHostServices } from '../../../electron/src/host';
import { type ShellServer, startShellServer } from '../../../electron/src/browser-shell/server';
import { chromiumAppArgs, noDisplayReason } from '../../../electron/src/browser-shell/chromium';
import { tokensEqual } from '../../../electron/src/browser-shell/token';

const TOKEN = 'test-token-0123456789abcdef';
let root: string;
let dataDir: string;
let shell: ShellServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'linkdesk-shell-'));
  const rendererDir = path.join(root, 'renderer');
  dataDir = path.join(root, 'data');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await mkdir(dataDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>科技联动工作台 LinkDesk</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'outside the renderer');
  await symlink(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'leak.txt'));
  const services = createHostServices({
    shell: 'browser',
    version: '0.1.0',
    platform: 'linux-x64',
    dataDir,
    serverUrl: null,
    keystore: 'none',
    dialogs: createDataDirDialogs(dataDir),
  });
  shell = await startShellServer({ rendererDir, services, token: TOKEN, port: 0 });
});
afterAll(async () => {
  await shell.close();
  await rm(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (node:http, so Host and Origin can be anything, as an attacker's would be). */
function send(method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        method,
        path: rawPath,
        headers: { Host: `127.0.0.1:${shell.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const bridgeCall = (
  method: string,
  payload: unknown,
  headers: Record<string, string> = { 'X-LinkDesk-Token': TOKEN },
) => send('POST', `/bridge/${method}`, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(payload));

describe('browser shell: static files', () => {
  it('serves index.html at / with the CSP header and security headers', async () => {
    const r = await send('GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('科技联动工作台 LinkDesk');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
  });

  it('serves assets with their MIME types', async () => {
    expect((await send('GET', '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('GET', '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/leak.txt',
  ])('refuses traversal: %s', async (p) => {
    const r = await send('GET', p);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain('outside the renderer');
  });

  it('answers 404 for missing files and unknown file types', async () => {
    expect((await send('GET', '/nope.js')).status).toBe(404);
    expect((await send('GET', '/assets')).status).toBe(404);
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    expect((await send('GET', '/', { Host: `evil.example:${shell.port}` })).status).toBe(421);
    expect((await bridgeCall('appInfo', null, { 'X-LinkDesk-Token': TOKEN, Host: 'evil.example' })).status).toBe(421);
  });
});

describe('browser shell: bridge endpoint', () => {
  it('answers a call that carries the launch token', async () => {
    const r = await bridgeCall('appInfo', null, {
      'X-LinkDesk-Token': TOKEN,
      Origin: `http://127.0.0.1:${shell.port}`,
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      ok: true,
      value: { version: '0.1.0', shell: 'browser', platform: 'linux-x64', dataDir, serverUrl: null, keystore: 'none' },
    });
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses a call without the token, or with a wrong one, with 403', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { 'X-LinkDesk-Token': 'wrong-token-0123456789abcdef' },
      { 'X-LinkDesk-Token': `${TOKEN}x` },
    ];
    for (const headers of attempts) {
      const r = await bridgeCall('appInfo', null, headers);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BRIDGE_FORBIDDEN' } });
    }
  });

  it('refuses a call from another origin even with the token', async () => {
    const r = await bridgeCall('appInfo', null, { 'X-LinkDesk-Token': TOKEN, Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    const cross = await bridgeCall('appInfo', null, { 'X-LinkDesk-Token': TOKEN, 'Sec-Fetch-Site': 'cross-site' });
    expect(cross.status).toBe(403);
  });

  it('refuses GET, unknown methods, non-JSON and invalid payloads with specific codes', async () => {
    expect((await send('GET', '/bridge/appInfo', { 'X-LinkDesk-Token': TOKEN })).status).toBe(405);
    const unknown = await bridgeCall('deleteEverything', null);
    expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([404, 'BRIDGE_UNKNOWN_METHOD']);
    const notJson = await send(
      'POST',
      '/bridge/appInfo',
      { 'X-LinkDesk-Token': TOKEN, 'Content-Type': 'application/json' },
      '{oops',
    );
    expect([notJson.status, JSON.parse(notJson.body).error.code]).toEqual([400, 'BRIDGE_BAD_PAYLOAD']);
    const bad = await bridgeCall('saveFile', { suggestedName: '../../x', mime: 'text/plain', dataBase64: '' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({
      code: 'BRIDGE_BAD_PAYLOAD',
      message: expect.stringContaining('args.suggestedName'),
    });
  });

  it('saves a file into the data folder and writes rotated backups', async () => {
    const saved = await bridgeCall('saveFile', {
      suggestedName: '导出.csv',
      mime: 'text/csv',
      dataBase64: Buffer.from('a,b').toString('base64'),
    });
    expect(JSON.parse(saved.body)).toEqual({ ok: true, value: { path: path.join(dataDir, 'exports', '导出.csv') } });
    const folder = JSON.parse((await bridgeCall('chooseFolder', null)).body).value as string;
    expect(folder).toBe(path.join(dataDir, 'backups'));
    const backup = await bridgeCall('writeBackup', { folder, fileName: 'b-1.ldbak', dataBase64: '', keep: 1 });
    expect(JSON.parse(backup.body)).toEqual({ ok: true, value: { path: path.join(folder, 'b-1.ldbak'), removed: [] } });
    const refused = await bridgeCall('writeBackup', { folder: root, fileName: 'b-1.ldbak', dataBase64: '', keep: 1 });
    expect([refused.status, JSON.parse(refused.body).error.code]).toEqual([403, 'BRIDGE_PATH_REFUSED']);
  });
});

describe('browser shell: helpers', () => {
  it('compares tokens exactly', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, TOKEN.slice(0, -1))).toBe(false);
    expect(tokensEqual(TOKEN, undefined)).toBe(false);
  });

  it('opens Chromium in app mode with its own profile, quietly, and only where a display exists', () => {
    const args = chromiumAppArgs('http://127.0.0.1:5178/#token=abc', '/data/browser-profile', false);
    expect(args).toContain('--app=http://127.0.0.1:5178/#token=abc');
    expect(args).toContain('--user-data-dir=/data/browser-profile');
    expect(args).toContain('--disable-background-networking');
    expect(args).not.toContain('--no-sandbox');
    expect(noDisplayReason({}, 'linux')).toMatch(/no graphical display/);
    expect(noDisplayReason({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(noDisplayReason({}, 'win32')).toBeNull();
  });
});
