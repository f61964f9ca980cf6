// A throwaway embedded PostgreSQL with a migrated database, for the server benchmarks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7, type Op } from '@shared/change';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';
import { migrate } from '../../server/src/db/migrate';
import { createPool, withDatabase, type Pool } from '../../server/src/db/pool';

export async function withThrowawayDatabase<T>(fn: (pool: Pool) => Promise<T>, poolSize = 10): Promise<T> {
  const baseDir = mkdtempSync(path.join(tmpdir(), 'linkdesk-bench-pg-'));
  const pg = await startEmbeddedPostgres({ baseDir, throwaway: true });
  const admin = createPool(pg.url, 1);
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const pool = createPool(withDatabase(pg.url, 'bench'), poolSize);
  try {
    await migrate(pool);
    return await fn(pool);
  } finally {
    await pool.end();
    await pg.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}

/** `count` ops on new enterprises (3 fields each) of one device, HLCs increasing from `start`. */
export function enterpriseOps(device: string, node: string, county: string, start: number, count: number): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const n = start + i;
    const recordId = i % 3 === 0 ? uuidv7() : ops[ops.length - 1]!.recordId;
    const field = ['name', 'contactPerson', 'address'][i % 3]!;
    const value =
      field === 'name'
        ? `石家庄市第${n}号新材料科技有限公司`
        : field === 'contactPerson'
          ? `联系人${n % 1000}`
          : `河北省石家庄市正定县科技大道${n}号`;
    const ms = new Date(Date.UTC(2026, 10, 28, 10) + n).toISOString();
    ops.push({
      opId: uuidv7(),
      entity: 'enterprise',
      recordId,
      field,
      value,
      hlc: `${ms}-0000-${node}`,
      baseHlc: null,
      device,
      operator: '张敏',
      county,
      schemaVersion: 1,
    });
  }
  return ops;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** What `concurrently` measured: every request's latency (sorted, ms) and the wall time of the whole run. */
export interface Loop {
  latencies: number[];
  seconds: number;
}

/** `devices` loops at once, each sending `requestsPer` requests in order. */
export async function concurrently(
  devices: number,
  requestsPer: number,
  send: (device: number, i: number) => Promise<void>,
): Promise<Loop> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: devices }, async (_, d) => {
      for (let i = 0; i < requestsPer; i++) {
        const start = performance.now();
        await send(d, i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}
