// The update feed under /updates/: a real electron-updater (NsisUpdater with an injected app object, the way the
// desktop app's updater runs minus Electron) checks and downloads from the real server; Range, validators, refusals.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { nodeUpdater } from '../../support/electron-updater';
import { databaseKinds, useTestDatabase } from '../../support/postgres';

const work = mkdtempSync(path.join(tmpdir(), 'linkdesk-updates-'));
const feed = path.join(work, 'feed');
mkdirSync(feed);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest('base64');
const installer = new Uint8Array(randomBytes(300_000));
const appImage = new Uint8Array(randomBytes(120_000));
const EXE = 'LinkDesk-Setup-1.2.0.exe';
const APPIMAGE = 'LinkDesk-1.2.0.AppImage';

function latestYml(file: string, bytes: Uint8Array): string {
  return [
    'version: 1.2.0',
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512(bytes)}`,
    `    size: ${bytes.length}`,
    `path: ${file}`,
    `sha512: ${sha512(bytes)}`,
    "releaseDate: '2026-11-20T08:00:00.000Z'",
    '',
  ].join('\n');
}

writeFileSync(path.join(feed, EXE), installer);
writeFileSync(path.join(feed, `${EXE}.blockmap`), randomBytes(512));
writeFileSync(path.join(feed, APPIMAGE), appImage);
writeFileSync(path.join(feed, 'latest.yml'), latestYml(EXE, installer));
writeFileSync(path.join(feed, 'latest-linux.yml'), latestYml(APPIMAGE, appImage));
mkdirSync(path.join(feed, 'old'));
writeFileSync(path.join(feed, '.hidden.yml'), 'secret: true\n');
writeFileSync(path.join(work, 'outside.txt'), 'not part of the feed');
symlinkSync(path.join(work, 'outside.txt'), path.join(feed, 'link.yml'));

describe.each(databaseKinds())('update feed on %s PostgreSQL', (kind) => {
  const database = useTestDatabase(kind);
  let pool: Pool;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    app = await buildApp({
      pool,
      databaseKind: 'external',
      log: false,
      config: {
        bodyLimit: 1 << 20,
        rateLimit: { max: 10_000, windowMs: 60_000 },
        adminToken: 'x'.repeat(20),
        tls: undefined,
        logLevel: 'silent',
        updatesDir: feed,
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  it('electron-updater on Windows sees 1.2.0 in latest.yml and downloads the installer with a matching sha512', async () => {
    const home = path.join(work, `win-${kind}`);
    const u = nodeUpdater('1.0.0', home, `${base}/updates/`, 'win32');
    const result = await u.checkForUpdates();
    expect(result?.isUpdateAvailable).toBe(true);
    expect(result?.updateInfo.version).toBe('1.2.0');
    expect(result?.updateInfo.files[0]).toMatchObject({ url: EXE, size: installer.length });
    const [downloaded] = await u.downloadUpdate();
    expect(path.basename(downloaded!)).toBe(EXE);
    expect(new Uint8Array(readFileSync(downloaded!))).toEqual(installer);
  });

  it('on Linux it reads latest-linux.yml; an app already at 1.2.0 sees no update', async () => {
    const older = await nodeUpdater(
      '1.1.0',
      path.join(work, `linux-${kind}`),
      `${base}/updates/`,
      'linux',
    ).checkForUpdates();
    expect(older?.updateInfo).toMatchObject({ version: '1.2.0', path: APPIMAGE });
    expect(older?.isUpdateAvailable).toBe(true);
    const current = await nodeUpdater(
      '1.2.0',
      path.join(work, `current-${kind}`),
      `${base}/updates/`,
      'linux',
    ).checkForUpdates();
    expect(current?.isUpdateAvailable).toBe(false);
  });

  it('answers a Range request with 206 and exactly those bytes, with Accept-Ranges, ETag and Last-Modified', async () => {
    const res = await fetch(`${base}/updates/${EXE}`, { headers: { range: 'bytes=1000-1999' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${installer.length}`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/vnd.microsoft.portable-executable');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(installer.subarray(1000, 2000));
    const suffix = await fetch(`${base}/updates/${EXE}`, { headers: { range: 'bytes=-10' } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(installer.subarray(installer.length - 10));

    const whole = await fetch(`${base}/updates/latest.yml`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('text/yaml; charset=utf-8');
    expect(whole.headers.get('last-modified')).toMatch(/GMT$/);
    const etag = whole.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(await whole.text()).toBe(readFileSync(path.join(feed, 'latest.yml'), 'utf8'));
    expect((await fetch(`${base}/updates/latest.yml`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // A stale If-Range validator gets the whole (changed) file instead of a range of it.
    const stale = await fetch(`${base}/updates/${EXE}`, { headers: { range: 'bytes=0-9', 'if-range': '"stale"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(installer.length);
  });

  it('answers several ranges with multipart/byteranges (the differential download)', async () => {
    const res = await fetch(`${base}/updates/${EXE}`, { headers: { range: 'bytes=0-4,100-109' } });
    expect(res.status).toBe(206);
    const type = res.headers.get('content-type')!;
    const boundary = /boundary=(\S+)/.exec(type)![1]!;
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    const parts = body.toString('latin1').split(`--${boundary}`).slice(1, -1);
    expect(parts.map((p) => /Content-Range: (.+)\r\n/.exec(p)![1])).toEqual([
      `bytes 0-4/${installer.length}`,
      `bytes 100-109/${installer.length}`,
    ]);
    expect(Buffer.from(parts[1]!.split('\r\n\r\n')[1]!.slice(0, -2), 'latin1')).toEqual(
      Buffer.from(installer.subarray(100, 110)),
    );
  });

  it('refuses an unsatisfiable range with 416 and the size', async () => {
    const res = await fetch(`${base}/updates/${EXE}`, { headers: { range: `bytes=${installer.length}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${installer.length}`);
    expect((await res.json()).code).toBe('range-not-satisfiable');
  });

  it('lists nothing and serves nothing outside the folder: listing, sub-folders, hidden files, traversal, links out', async () => {
    for (const p of [
      '/updates/',
      '/updates/old',
      '/updates/.hidden.yml',
      '/updates/..%2Foutside.txt',
      '/updates/%2e%2e%2Foutside.txt',
      '/updates/link.yml',
      '/updates/nope.exe',
    ]) {
      const res = await fetch(`${base}${p}`);
      expect([p, res.status]).toEqual([p, 404]);
      expect(await res.text()).not.toContain('not part of the feed');
    }
    const raw = await app.inject({ method: 'GET', url: '/updates/../../etc/passwd' });
    expect(raw.statusCode).toBe(404);
    expect(existsSync(path.join(feed, 'old'))).toBe(true);
  });

  it('HEAD gives the headers without the body', async () => {
    const res = await fetch(`${base}/updates/${APPIMAGE}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(appImage.length));
    expect(res.headers.get('content-type')).toBe('application/vnd.appimage');
  });
});
