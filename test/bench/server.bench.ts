// Provincial server figures on a throwaway embedded PostgreSQL:
// - ops ingested per second through the whole ingest path (verify, chain, schemas, merge, op log, state, archive,
//   receipt), floor: one multi-row INSERT of the same op rows into a bare table (what PostgreSQL alone costs);
// - pull-page latency (1,000 ops, signed return package) with the ingested ops stored, floor: the raw SELECT.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7, type Op } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { sealPackage } from '@shared/package';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';
import { migrate } from '../../server/src/db/migrate';
import { createPool, withDatabase } from '../../server/src/db/pool';
import { ingestPackage } from '../../server/src/ingest/ingest';
import { ServerKeyring } from '../../server/src/keys/server-key';
import { changesPage } from '../../server/src/pull/changes';
import { entry, medianMs, type BenchEntry } from './types';

const PACKAGES = 20;
const OPS_PER_PACKAGE = 999; // 333 enterprises × 3 fields
const COUNTY = '130123';

function enterpriseOps(device: string, node: string, start: number): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < OPS_PER_PACKAGE / 3; i++) {
    const recordId = uuidv7();
    const n = start + i;
    const fields: [string, string][] = [
      ['name', `石家庄市第${n}号新材料科技有限公司`],
      ['contactPerson', `联系人${n % 1000}`],
      ['address', `河北省石家庄市正定县新区科技大道${n}号创新园区${n % 50}栋`],
    ];
    for (const [field, value] of fields) {
      const ms = String(n % 1000).padStart(3, '0');
      ops.push({
        opId: uuidv7(),
        entity: 'enterprise',
        recordId,
        field,
        value,
        hlc: `2026-11-28T10:${String(Math.floor(n / 1000) % 60).padStart(2, '0')}:00.${ms}Z-0000-${node}`,
        baseHlc: null,
        device,
        operator: '张敏',
        county: COUNTY,
        schemaVersion: 1,
      });
    }
  }
  return ops;
}

export default async function bench(): Promise<BenchEntry[]> {
  const baseDir = mkdtempSync(path.join(tmpdir(), 'linkdesk-bench-pg-'));
  const pg = await startEmbeddedPostgres({ baseDir, throwaway: true });
  const admin = createPool(pg.url, 1);
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const pool = createPool(withDatabase(pg.url, 'bench'));
  try {
    await migrate(pool);
    const keyring = new ServerKeyring(pool);
    await keyring.current();
    const pair = await generateKeyPair('Ed25519');
    const signer = await createSigner(pair);
    const device = 'bench-device';
    await pool.query(
      `INSERT INTO devices (id, county, public_key, alg, operator, cert_serial) VALUES ($1, $2, $3, 'Ed25519', '张敏', 'bench')`,
      [device, COUNTY, pair.publicKey],
    );

    const files: Uint8Array[] = [];
    const allOps: Op[] = [];
    let prev: string | null = null;
    for (let seq = 1; seq <= PACKAGES; seq++) {
      const ops = enterpriseOps(device, '0123456789abcdef', seq * 1000);
      allOps.push(...ops);
      const sealed = await sealPackage(
        {
          header: {
            kind: 'changes',
            packageId: uuidv7(),
            county: COUNTY,
            device,
            seq,
            prevDigest: prev,
            cursor: null,
            createdAt: new Date().toISOString(),
            schemaVersion: 1,
            appVersion: '0.1.0',
          },
          body: { ops, attachments: [] },
        },
        signer,
      );
      files.push(sealed.bytes);
      prev = sealed.digest;
    }

    const t0 = performance.now();
    for (const bytes of files) {
      const r = await ingestPackage(pool, keyring, bytes, 'http', 64 << 20);
      if (r.status !== 'accepted') throw new Error('not accepted');
    }
    const ingestSeconds = (performance.now() - t0) / 1000;

    await pool.query(
      `CREATE TABLE bench_floor (op_id text, entity text, record_id text, field text, value jsonb, hlc text, base_hlc text, device text, operator text, county text, schema_version int)`,
    );
    const rows = JSON.stringify(
      allOps.map((o) => ({
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
      })),
    );
    const f0 = performance.now();
    await pool.query(
      `INSERT INTO bench_floor SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(op_id text, entity text, record_id text, field text, value jsonb, hlc text, base_hlc text, device text, operator text, county text, schema_version int)`,
      [rows],
    );
    const floorSeconds = (performance.now() - f0) / 1000;

    const after = Math.floor(allOps.length / 2);
    const pageMs = await medianMs(() => changesPage(pool, keyring, { id: device, county: COUNTY }, after, 1000), 7);
    const rawPageMs = await medianMs(
      () =>
        pool.query(
          `SELECT * FROM ops WHERE server_seq > $1 AND county = ANY($2::text[]) ORDER BY server_seq LIMIT 1001`,
          [after, [COUNTY, '13']],
        ),
      7,
    );

    const total = allOps.length;
    return [
      entry(
        `server ingest: ops/s (${PACKAGES} packages × ${OPS_PER_PACKAGE} ops, full path)`,
        total / ingestSeconds,
        'ops/s',
        total / floorSeconds,
      ),
      entry(`server pull: 1,000-op signed page with ${total} ops stored`, pageMs, 'ms', rawPageMs),
    ];
  } finally {
    await pool.end();
    await pg.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}
