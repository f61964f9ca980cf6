// End-to-end sync over loopback through the REAL provincial server (server/src/app.ts on a throwaway embedded
// PostgreSQL) with the headless device's file store and the shared sync engine:
// - push of 50,000 demand-like records (≈573 bytes of record each, ≈305 bytes of it Chinese; 3 field ops each);
// - pull of all of them into a freshly enrolled device of the same county;
// - an incremental push of 1,000 edits.
// Floors, measured in the same run on the same bytes/rows: a plain node:http POST of the same op JSON
// (stringify + send + parse) plus a multi-row INSERT of the same op rows into a bare table (push), the same
// HTTP transfer plus a SELECT of the rows (pull).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClock, uuidv7, type Op } from '@shared/change';
import { SCHEMA_VERSION } from '@shared/domain';
import { SyncEngine } from '@shared/sync';
import { buildApp } from '../../server/src/app';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';
import { migrate } from '../../server/src/db/migrate';
import { createPool, withDatabase, type Pool } from '../../server/src/db/pool';
import { parseArgs } from '../../device/src/cli/args';
import { runCommand } from '../../device/src/cli/commands';
import { openStore, serverKeysOf } from '../../device/src/device-home';
import { FileLock } from '../../device/src/file-lock';
import { HttpTransport } from '../../device/src/http-transport';
import { loadDeviceKey } from '../../device/src/keystore';
import { settingsOf } from '../../device/src/local-writes';
import { entry, type BenchEntry } from './types';

const RECORDS = Number(process.env.SYNC_BENCH_RECORDS ?? 50_000);
const EDITS = 1_000;
const COUNTY = '130132';
const CHUNK = 1000;
const ENTERPRISE = '0190a1b2-c3d4-7000-8000-000000000001';

const PROBLEM =
  '企业现有生产线能耗偏高，烘干工序温度控制不稳定，产品合格率只有百分之八十五左右，希望引进高效节能烘干新工艺和智能温控系统，降低单位产品能耗并提高良品率，可接受联合研发或技术转让';

function demandValues(n: number): Record<string, string> {
  return { name: `第${n}号企业节能降耗新工艺技术需求`, problem: PROBLEM, enterprise: ENTERPRISE };
}

const cmd = (home: string, ...args: string[]) => runCommand(parseArgs(args), home);

async function enrol(app: Awaited<ReturnType<typeof buildApp>>, url: string, home: string): Promise<void> {
  await cmd(home, 'init', '--county', COUNTY, '--operator', '基准测试');
  const res = await app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: { authorization: 'Bearer bench-admin-token-0123456789' },
    payload: { county: COUNTY },
  });
  await cmd(home, 'enroll', '--server', url, '--code', (res.json() as { code: string }).code);
}

/** Local writes straight into the device store in one transaction (not timed). */
function writeRecords(
  home: string,
  make: (clock: ReturnType<typeof createClock>, s: ReturnType<typeof settingsOf>) => Op[],
): Op[] {
  const store = openStore(home);
  try {
    const s = settingsOf(store);
    const clock = createClock(s.nodeId, Date.now, { last: s.clockLast });
    const ops = make(clock, s);
    store.writeLocal(ops, new Date().toISOString(), { clockLast: clock.last() });
    return ops;
  } finally {
    store.close();
  }
}

function opOf(
  clock: ReturnType<typeof createClock>,
  s: ReturnType<typeof settingsOf>,
  recordId: string,
  field: string,
  value: string,
  baseHlc: string | null,
): Op {
  return {
    opId: uuidv7(),
    entity: 'demand',
    recordId,
    field,
    value,
    hlc: clock.tick(),
    baseHlc,
    device: s.deviceId,
    operator: s.operator,
    county: s.county,
    schemaVersion: SCHEMA_VERSION,
  };
}

async function timedRun(
  home: string,
  url: string,
  pull: boolean,
): Promise<{ seconds: number; report: Awaited<ReturnType<SyncEngine['run']>> }> {
  const store = openStore(home);
  try {
    const engine = new SyncEngine({
      store,
      transport: new HttpTransport(url),
      lock: new FileLock(home),
      signer: await loadDeviceKey(home),
      serverKeys: () => serverKeysOf(store),
      schemaVersion: SCHEMA_VERSION,
      appVersion: 'bench',
    });
    const t0 = performance.now();
    const report = await engine.run({ pull });
    return { seconds: (performance.now() - t0) / 1000, report };
  } finally {
    store.close();
  }
}

/** A plain node:http endpoint that reads the body and JSON.parses it. */
async function rawServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown[];
      res.end(String(parsed.length));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function httpFloor(url: string, ops: readonly Op[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < ops.length; i += CHUNK) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ops.slice(i, i + CHUNK)),
    });
    await res.text();
  }
  return (performance.now() - t0) / 1000;
}

async function insertFloor(pool: Pool, table: string, ops: readonly Op[]): Promise<number> {
  await pool.query(
    `CREATE TABLE ${table} (op_id text PRIMARY KEY, entity text, record_id text, field text, value jsonb, hlc text, base_hlc text, device text, operator text, county text, schema_version int)`,
  );
  const t0 = performance.now();
  for (let i = 0; i < ops.length; i += CHUNK) {
    const rows = ops.slice(i, i + CHUNK).map((o) => ({
      op_id: o.opId,
      entity: o.entity,
      record_id: o.recordId,
      field: o.field,
      value: o.value,
      hlc: o.hlc,
      base_hlc: o.baseHlc,
      device: o.device,
      operator: o.operator,
      county: o.county,
      schema_version: o.schemaVersion,
    }));
    await pool.query(
      `INSERT INTO ${table} SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(op_id text, entity text, record_id text, field text, value jsonb, hlc text, base_hlc text, device text, operator text, county text, schema_version int)`,
      [JSON.stringify(rows)],
    );
  }
  return (performance.now() - t0) / 1000;
}

export default async function bench(): Promise<BenchEntry[]> {
  const baseDir = mkdtempSync(path.join(tmpdir(), 'linkdesk-bench-sync-'));
  const pgDir = mkdtempSync(path.join(tmpdir(), 'linkdesk-bench-sync-pg-'));
  const pg = await startEmbeddedPostgres({ baseDir: pgDir, throwaway: true });
  const admin = createPool(pg.url, 1);
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const pool = createPool(withDatabase(pg.url, 'bench'));
  const raw = await rawServer();
  const app = await buildApp({
    pool,
    databaseKind: 'embedded',
    log: false,
    config: {
      bodyLimit: 16 * 1024 * 1024,
      rateLimit: { max: 1_000_000, windowMs: 60_000 },
      adminToken: 'bench-admin-token-0123456789',
      tls: undefined,
      logLevel: 'silent',
    },
  });
  try {
    await migrate(pool);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const writer = path.join(baseDir, 'writer');
    const reader = path.join(baseDir, 'reader');
    await enrol(app, url, writer);
    await enrol(app, url, reader);

    const recordIds: string[] = [];
    const ops = writeRecords(writer, (clock, s) => {
      const out: Op[] = [];
      for (let n = 0; n < RECORDS; n++) {
        const id = uuidv7();
        recordIds.push(id);
        for (const [field, value] of Object.entries(demandValues(n))) out.push(opOf(clock, s, id, field, value, null));
      }
      return out;
    });
    const recordBytes = Buffer.byteLength(
      JSON.stringify({
        id: recordIds[0],
        county: COUNTY,
        status: 'new',
        keywords: ['节能'],
        techField: 'electronic_info',
        ...demandValues(0),
      }),
    );
    const opBytes = Buffer.byteLength(JSON.stringify(ops));

    const push = await timedRun(writer, url, false);
    if (push.report.acknowledgedSeq !== push.report.sealed)
      throw new Error(`push acknowledged ${push.report.acknowledgedSeq} of ${push.report.sealed}`);
    const pull = await timedRun(reader, url, true);
    if (pull.report.pulledOps !== ops.length) throw new Error(`pulled ${pull.report.pulledOps} of ${ops.length} ops`);

    const edits = writeRecords(writer, (clock, s) =>
      recordIds.slice(0, EDITS).map((id, i) => opOf(clock, s, id, 'problem', `${PROBLEM}（第${i}次补充）`, null)),
    );
    const incremental = await timedRun(writer, url, false);

    const httpSeconds = await httpFloor(raw.url, ops);
    const insertSeconds = await insertFloor(pool, 'floor_ops', ops);
    const t0 = performance.now();
    for (let after = 0; ; after += CHUNK) {
      const { rows } = await pool.query('SELECT * FROM floor_ops ORDER BY op_id OFFSET $1 LIMIT $2', [after, CHUNK]);
      if (rows.length < CHUNK) break;
    }
    const selectSeconds = (performance.now() - t0) / 1000;
    const editHttp = await httpFloor(raw.url, edits);
    const editInsert = await insertFloor(pool, 'floor_edits', edits);

    const label = `${RECORDS.toLocaleString('en')} records (${recordBytes} B each as JSON), ${ops.length.toLocaleString('en')} ops, ${(opBytes / 1e6).toFixed(1)} MB of ops`;
    return [
      entry(
        `sync push over loopback, real server + PostgreSQL: ${label}`,
        push.seconds,
        's',
        httpSeconds + insertSeconds,
      ),
      entry(`sync pull into a fresh device: ${label}`, pull.seconds, 's', httpSeconds + selectSeconds),
      entry(
        `sync incremental push of ${EDITS.toLocaleString('en')} edits`,
        incremental.seconds,
        's',
        editHttp + editInsert,
      ),
      entry('floor part: raw HTTP POST of the same op JSON (stringify + send + parse)', httpSeconds, 's'),
      entry('floor part: multi-row INSERT of the same op rows', insertSeconds, 's'),
    ];
  } finally {
    await app.close();
    raw.server.close();
    await pool.end();
    await pg.stop();
    rmSync(baseDir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  }
}
