// The update feed must not amplify: `Range: bytes=0-,0-,…` (4,000 overlapping ranges on a 1 MiB file) was answered
// 206 with Content-Length 4,194,836,030. Ranges are now coalesced, too many (or too many overlapping) are refused
// 416 range-too-many, and /updates/ has a rate limit of its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { MAX_OVERLAPS, MAX_RANGES } from '../../../server/src/updates/ranges';
import { useTestDatabase } from '../../support/postgres';

const MIB = 1024 * 1024;
const work = mkdtempSync(path.join(tmpdir(), 'linkdesk-hostile-ranges-'));
const FILE = 'LinkDesk-Setup-9.9.9.exe';
const bytes = randomBytes(MIB);
writeFileSync(path.join(work, FILE), bytes);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Head {
  status: number;
  length: number;
  contentRange: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** Sends one GET and reads the answer, but never more than `maxBody` bytes (the old answer was 4 GB). */
function get(base: string, headers: Record<string, string>, maxBody = 2 * MIB): Promise<Head> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/updates/${FILE}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const done = (): void =>
        resolve({
          status: res.statusCode!,
          length: Number(res.headers['content-length']),
          contentRange: res.headers['content-range'],
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks),
        });
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        chunks.push(chunk);
        if (read > maxBody) {
          req.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function startApp(pool: Pool, updatesMax: number): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({
    pool,
    databaseKind: 'external',
    log: false,
    config: {
      bodyLimit: MIB,
      rateLimit: { max: 10_000, windowMs: 60_000, updatesMax },
      adminToken: 'x'.repeat(20),
      tls: undefined,
      logLevel: 'silent',
      updatesDir: work,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('update feed ranges', () => {
  const database = useTestDatabase('embedded');
  let pool: Pool;
  let server: { app: FastifyInstance; base: string };
  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    server = await startApp(pool, 10_000);
  });
  afterAll(async () => {
    await server?.app.close();
    await pool?.end();
  });

  it('refuses 4,000 overlapping ranges with 416 range-too-many instead of a 4 GB answer', async () => {
    const header = 'bytes=' + Array.from({ length: 4000 }, () => '0-').join(',');
    const res = await get(server.base, { range: header });
    expect(res.status).toBe(416);
    expect(res.contentRange).toBe(`bytes */${MIB}`);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'range-too-many', maxRanges: MAX_RANGES });
  });

  it(`refuses more than ${MAX_OVERLAPS} overlapping or backward ranges, even when they are few`, async () => {
    const overlapping = Array.from({ length: MAX_OVERLAPS + 2 }, (_, i) => `${i * 10}-${i * 10 + 99}`).join(',');
    expect((await get(server.base, { range: `bytes=${overlapping}` })).status).toBe(416);
    const backwards = Array.from({ length: MAX_OVERLAPS + 2 }, (_, i) => `${(40 - i) * 100}-${(40 - i) * 100 + 9}`);
    expect((await get(server.base, { range: `bytes=${backwards.join(',')}` })).status).toBe(416);
  });

  it('coalesces a few overlapping and adjacent ranges into one part that holds each byte once', async () => {
    const res = await get(server.base, { range: 'bytes=0-99,50-199,200-299,-100,0-' });
    expect(res.status).toBe(206);
    expect(res.contentRange).toBe(`bytes 0-${MIB - 1}/${MIB}`);
    expect(res.length).toBe(MIB);
    expect(res.body.equals(bytes)).toBe(true);
    const two = await get(server.base, { range: 'bytes=10-19,15-29,100-109' });
    expect(two.status).toBe(206);
    expect(two.contentType).toMatch(/^multipart\/byteranges/);
    const text = two.body.toString('latin1');
    expect(text).toContain(`Content-Range: bytes 10-29/${MIB}`);
    expect(text).toContain(`Content-Range: bytes 100-109/${MIB}`);
    expect(text.match(/Content-Range/g)).toHaveLength(2);
  });

  it(`serves ${MAX_RANGES} sorted disjoint ranges (electron-updater's batch) in an answer smaller than the file`, async () => {
    const ranges = Array.from({ length: MAX_RANGES }, (_, i) => `${i * 1000}-${i * 1000 + 99}`);
    const res = await get(server.base, { range: `bytes=${ranges.join(', ')}` });
    expect(res.status).toBe(206);
    expect(res.length).toBe(res.body.length);
    expect(res.length).toBeLessThan(MIB);
    expect(res.body.toString('latin1').match(/Content-Range/g)).toHaveLength(MAX_RANGES);
    const tooMany = [...ranges, `${MAX_RANGES * 1000}-${MAX_RANGES * 1000 + 1}`];
    expect((await get(server.base, { range: `bytes=${tooMany.join(',')}` })).status).toBe(416);
  });

  it('never answers more than the file plus part headers, whatever the Range header', async () => {
    const headers = [
      'bytes=0-,0-,0-',
      'bytes=-1048576,0-1048575',
      'bytes=' + Array.from({ length: 16 }, () => '0-').join(','),
      'bytes=' + Array.from({ length: 500 }, (_, i) => `${i * 2}-${i * 2 + 1}`).join(','),
    ];
    for (const range of headers) {
      const res = await get(server.base, { range });
      expect(res.status).toBe(206);
      expect(res.length).toBeLessThanOrEqual(MIB + 200 * 500);
    }
  });

  it('rate-limits /updates/ per client address (UPDATES_RATE_LIMIT_MAX)', async () => {
    const limited = await startApp(pool, 3);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await get(limited.base, { range: 'bytes=0-9' })).status);
      expect(codes).toEqual([206, 206, 206, 429, 429]);
    } finally {
      await limited.app.close();
    }
  });
});
