// Property-based HTTP fuzz over the routes' input shapes (fast-check, through app.inject for speed): whatever the
// path ids, query strings, headers and bodies, no answer is a 500, every refusal carries a stable code, and no
// request makes the server write without bound (rows and bytes of the append-only tables stay within what was sent).
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { useTestDatabase } from '../../support/postgres';
import { ADMIN_TOKEN } from '../server/harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

const feed = mkdtempSync(path.join(tmpdir(), 'linkdesk-fuzz-feed-'));
writeFileSync(path.join(feed, 'latest.yml'), 'version: 1.0.0\n');
writeFileSync(path.join(feed, 'LinkDesk-Setup-1.0.0.exe'), Buffer.alloc(4096, 7));
afterAll(() => rmSync(feed, { recursive: true, force: true }));

// ---- input shapes ------------------------------------------------------------------------------------------

/** Text an attacker would try: plausible values, control bytes, long runs, odd Unicode. */
const text = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '130123',
    '13',
    '1301',
    '130100',
    '2026',
    '2026-Q2',
    '2026-05',
    '0000',
    '0000-01',
    '9999-Q4',
  ),
  fc.constantFrom('province', 'city', 'county', 'cluster', 'visits', 'workstationCoverage', 'Ed25519', 'SM2-SM3'),
  fc.constantFrom('\u0000', 'a\u0000b', '\u0001', '\n', '\u007f', '\ud800', '\uffff', '../..', '%00', '__proto__'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.integer({ min: 0, max: 20 }).map((n) => 'x'.repeat(n * 300)),
);

/** A path or query component: percent-encoded text, or raw percent-escapes of any byte (invalid UTF-8 included). */
const component = fc.oneof(
  { weight: 3, arbitrary: text.map((t) => encodeURIComponent(Buffer.from(t).toString())) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 8 })
      .map((b) => [...b].map((x) => '%' + x.toString(16).padStart(2, '0')).join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('%', '%G0', '%0', '%%', '..', '.', '%2e%2e', '%2F', '+', '&', '=') },
);

const number = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 100, 100.5, 1e9, 1e10, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 0.1),
  fc.double(),
  fc.integer(),
);

/** A JSON value of any shape (bounded); strings from `text`, numbers from `number`. */
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    number.filter(Number.isFinite),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const field = fc.oneof(text, number.filter(Number.isFinite), json);

const adminHeader = fc.constantFrom<Record<string, string>>(
  { authorization: `Bearer ${ADMIN_TOKEN}` },
  { authorization: `Bearer ${ADMIN_TOKEN}` },
  {},
  { authorization: 'Bearer x' },
  { authorization: 'Basic Og==' },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/octet-stream',
  'application/vnd.linkdesk.package',
  'application/vnd.linkdesk.pull-request',
  'multipart/form-data; boundary=x',
  '',
);

/** A raw body: JSON of some shape, broken JSON, or bytes. */
const body = fc.oneof(
  { weight: 4, arbitrary: json.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,]', '\ufeff{}', '{"a":1,"a":2}', 'nul', '"\\u0000"', '') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)) },
);

const objectBody = (shape: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(shape, { requiredKeys: [] }).map((o) => JSON.stringify(o));

type Request = InjectOptions & { route: string };

const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ q: component, h: adminHeader }).map(({ q, h }) => ({
    route: 'devices',
    method: 'GET' as const,
    url: `/v1/admin/devices?county=${q}`,
    headers: h,
  })),
  fc.record({ id: component, h: adminHeader, b: fc.oneof(objectBody({ reason: field }), body) }).map((r) => ({
    route: 'revoke',
    method: 'POST' as const,
    url: `/v1/admin/devices/${r.id}/revoke`,
    headers: { ...r.h, 'content-type': 'application/json' },
    payload: r.b,
  })),
  fc.record({ id: component, b: fc.oneof(objectBody({ request: field, endorsement: field }), body) }).map((r) => ({
    route: 'rotate',
    method: 'POST' as const,
    url: `/v1/devices/${r.id}/rotate`,
    headers: { 'content-type': 'application/json' },
    payload: r.b,
  })),
  fc
    .record({
      which: fc.constantFrom('stats', 'targets'),
      level: component,
      code: component,
      period: component,
      h: adminHeader,
    })
    .map((r) => ({
      route: r.which,
      method: 'GET' as const,
      url: `/v1/admin/${r.which}?level=${r.level}&code=${r.code}&period=${r.period}`,
      headers: r.h,
    })),
  fc
    .record({
      h: adminHeader,
      b: fc.oneof(
        {
          weight: 4,
          arbitrary: objectBody({ level: field, code: field, metric: field, period: field, target: field }),
        },
        { weight: 1, arbitrary: body },
      ),
    })
    .map((r) => ({
      route: 'put-target',
      method: 'PUT' as const,
      url: '/v1/admin/targets',
      headers: { ...r.h, 'content-type': 'application/json' },
      payload: r.b,
    })),
  fc
    .record({
      ct: contentType,
      b: fc.oneof(
        {
          weight: 4,
          arbitrary: objectBody({
            code: field,
            deviceId: field,
            publicKey: field,
            alg: field,
            operator: field,
            county: field,
          }),
        },
        { weight: 1, arbitrary: body },
      ),
    })
    .map((r) => ({
      route: 'enrol',
      method: 'POST' as const,
      url: '/v1/enrol',
      headers: r.ct ? { 'content-type': r.ct } : {},
      payload: r.b,
    })),
  fc.record({ h: adminHeader, b: fc.oneof(objectBody({ county: field, hours: field }), body) }).map((r) => ({
    route: 'enrol-code',
    method: 'POST' as const,
    url: '/v1/admin/enrol-codes',
    headers: { ...r.h, 'content-type': 'application/json' },
    payload: r.b,
  })),
  fc.record({ h: adminHeader, b: fc.oneof(objectBody({ request: field }), body) }).map((r) => ({
    route: 'enrol-request',
    method: 'POST' as const,
    url: '/v1/admin/enrol-requests',
    headers: { ...r.h, 'content-type': 'application/json' },
    payload: r.b,
  })),
  fc
    .record({
      file: fc.oneof(fc.constantFrom('latest.yml', 'LinkDesk-Setup-1.0.0.exe', '.hidden', '..%2Fx'), component),
      range: fc.oneof(
        fc.constant(undefined),
        fc
          .array(fc.tuple(fc.option(fc.nat(9000)), fc.option(fc.nat(9000))), { minLength: 1, maxLength: 40 })
          .map((rs) => 'bytes=' + rs.map(([a, b]) => `${a ?? ''}-${b ?? ''}`).join(',')),
        text,
      ),
      method: fc.constantFrom('GET' as const, 'HEAD' as const),
    })
    .map((r) => ({
      route: 'updates',
      method: r.method,
      url: `/updates/${r.file}`,
      headers: r.range === undefined ? {} : { range: r.range.replace(/[^\t\x20-\x7e]/g, '') },
    })),
  fc.record({ ct: contentType, b: body }).map((r) => ({
    route: 'packages',
    method: 'POST' as const,
    url: '/v1/packages',
    headers: r.ct ? { 'content-type': r.ct } : {},
    payload: r.b,
  })),
  fc.record({ ct: contentType, b: body }).map((r) => ({
    route: 'pull',
    method: 'POST' as const,
    url: '/v1/pull',
    headers: r.ct ? { 'content-type': r.ct } : {},
    payload: r.b,
  })),
  fc.record({ p: component, m: fc.constantFrom('GET' as const, 'DELETE' as const, 'PATCH' as const) }).map((r) => ({
    route: 'other',
    method: r.m,
    url: `/${r.p}?${r.p}=${r.p}`,
  })),
);

// ---- the property -----------------------------------------------------------------------------------------

interface Written {
  rows: Record<string, number>;
  quarantineBytes: number;
}

const APPEND_ONLY = [
  'devices',
  'enrol_codes',
  'device_certificates',
  'packages',
  'receipts',
  'quarantine',
  'alerts',
  'ops',
  'targets',
  'pull_requests',
];

async function written(pool: Pool): Promise<Written> {
  const counts = APPEND_ONLY.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ');
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT ${counts}, (SELECT coalesce(sum(octet_length(raw)), 0)::bigint FROM quarantine) AS quarantine_bytes`,
  );
  const { quarantine_bytes: quarantineBytes, ...rest } = rows[0]!;
  return { rows: rest, quarantineBytes: Number(quarantineBytes) };
}

describe('HTTP fuzz', () => {
  const database = useTestDatabase('embedded');
  let pool: Pool;
  let app: FastifyInstance;
  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    app = await buildApp({
      pool,
      databaseKind: 'external',
      log: false,
      config: {
        bodyLimit: 64 * 1024,
        rateLimit: { max: 1_000_000, windowMs: 60_000, enrolMax: 1_000_000 },
        adminToken: ADMIN_TOKEN,
        tls: undefined,
        logLevel: 'silent',
        updatesDir: feed,
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  it(`${RUNS} requests over every route's input shapes: no 500, every refusal has a code, writes bounded`, async () => {
    const before = await written(pool);
    const sent = {
      requests: 0,
      packageBytes: 0,
      byRoute: new Map<string, number>(),
      statuses: new Map<number, number>(),
    };
    await fc.assert(
      fc.asyncProperty(request, async ({ route, ...options }) => {
        sent.requests++;
        sent.byRoute.set(route, (sent.byRoute.get(route) ?? 0) + 1);
        if (route === 'packages' || route === 'pull') sent.packageBytes += Buffer.byteLength(options.payload as string);
        const res = await app.inject(options);
        sent.statuses.set(res.statusCode, (sent.statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${options.method} ${options.url}\n${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400 && options.method !== 'HEAD') {
          const refusal = JSON.parse(res.body) as { code?: unknown; message?: { zh?: unknown; en?: unknown } };
          expect(typeof refusal.code, `${options.method} ${options.url}: ${res.body.slice(0, 200)}`).toBe('string');
          expect(typeof refusal.message?.zh).toBe('string');
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    const after = await written(pool);
    const added = Object.fromEntries(APPEND_ONLY.map((t) => [t, after.rows[t]! - before.rows[t]!]));
    const writers = (...routes: string[]) => routes.reduce((n, r) => n + (sent.byRoute.get(r) ?? 0), 0);
    // Each request writes at most one row of each table it may write; the quarantine keeps no more than was sent.
    expect(added.enrol_codes).toBeLessThanOrEqual(writers('enrol-code'));
    expect(added.targets).toBeLessThanOrEqual(writers('put-target'));
    expect(added.devices + added.device_certificates).toBeLessThanOrEqual(
      2 * writers('enrol', 'enrol-request', 'rotate'),
    );
    expect(added.quarantine).toBeLessThanOrEqual(writers('packages', 'pull'));
    expect(added.ops + added.packages + added.receipts + added.alerts + added.pull_requests).toBe(0);
    expect(after.quarantineBytes - before.quarantineBytes).toBeLessThanOrEqual(sent.packageBytes);
    expect(sent.requests).toBe(RUNS);
    expect(sent.statuses.get(500) ?? 0).toBe(0);
  }, 600_000);
});
