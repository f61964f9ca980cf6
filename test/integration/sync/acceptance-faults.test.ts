/**
 * Issue 6 acceptance faults through the REAL server (server/src/app.ts on PostgreSQL, real sockets, the device
 * file store): the server killed in the middle of a push and restarted on the same database, the client killed
 * between sending and receiving the receipt, the same USB package imported twice (HTTP then admin import-package,
 * and twice by file), packages delivered out of order, a return file imported twice (it also acknowledges the
 * device's packages), a revoked device. In each case: nothing lost, nothing applied twice, every error specific, and
 * every device ends with exactly the server's state for its county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateDigest, uuidv7 } from '@shared/change';
import { sealPullRequest, SyncError, type PushResult, type Transport } from '@shared/sync';
import type { FastifyInstance } from 'fastify';
import { adminHeaders, ADMIN_TOKEN, useServer } from '../server/harness';
import { buildApp } from '../../../server/src/app';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { ingestPackage, INGEST_MERGE_LOCK } from '../../../server/src/ingest/ingest';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { changesPage } from '../../../server/src/pull/changes';
import { openStore } from '../../../device/src/device-home';
import { HttpTransport } from '../../../device/src/http-transport';
import { loadDeviceKey } from '../../../device/src/keystore';
import {
  cmd,
  countyView,
  demand,
  deviceState,
  engineOf,
  enrolledDevice,
  serverOps,
  syncDevice,
  write,
  type RealDevice,
} from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-faults-'));
beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_RETRY = { attempts: 1, baseMs: 0, maxMs: 0 };

async function startApp(pool: Pool): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({
    pool,
    databaseKind: 'embedded',
    log: false,
    config: {
      bodyLimit: 8 << 20,
      rateLimit: { max: 10_000, windowMs: 60_000 },
      adminToken: ADMIN_TOKEN,
      tls: undefined,
      logLevel: 'silent',
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

async function expectExactlyOnce(devices: RealDevice[]): Promise<void> {
  const ops = await serverOps(server);
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op.opId, (counts.get(op.opId) ?? 0) + 1);
  for (const d of devices) for (const id of d.made) expect(counts.get(id), `op ${id} of ${d.name}`).toBe(1);
  for (const d of devices) {
    await syncDevice(d, url);
    expect(stateDigest(deviceState(d)), d.name).toBe(stateDigest(countyView(ops, d.county)));
    expect((await cmd(d.home, 'status')).pendingTotal, d.name).toBe(0);
  }
}

describe('acceptance faults through the real server', () => {
  it('the server killed in the middle of a push (its transaction aborted, the process gone) and restarted on the same database', async () => {
    const d = await enrolledDevice(server, url, dir, 'killed-server', '130132');
    for (let n = 0; n < 3; n++) await write(d, ['add', 'demand'], demand(`停机${n}`));
    const pool1 = createPool(server.url);
    const first = await startApp(pool1);
    const holder = await server.pool.connect();
    try {
      // Hold the ingest merge lock so the push stops inside its transaction, then kill the server's session.
      await holder.query('SELECT pg_advisory_lock($1)', [INGEST_MERGE_LOCK]);
      const pushing = syncDevice(d, first.url, { retry: NO_RETRY, pull: false }).catch((e: unknown) => e);
      let pid: number | undefined;
      while (pid === undefined) {
        const { rows } = await server.pool.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`,
        );
        pid = rows[0]?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      await server.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      const error = (await pushing) as SyncError;
      expect(error).toBeInstanceOf(SyncError);
      expect(['SERVER_UNAVAILABLE', 'NETWORK']).toContain(error.code);
      expect(error.transient).toBe(true);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [INGEST_MERGE_LOCK]);
      holder.release();
      await first.app.close();
      await pool1.end().catch(() => undefined);
    }
    const device = (await server.pool.query('SELECT last_seq FROM devices WHERE id = $1', [d.id])).rows[0];
    expect(device.last_seq).toBe(0); // the aborted transaction left nothing behind
    expect((await serverOps(server)).filter((op) => op.device === d.id)).toEqual([]);

    const pool2 = createPool(server.url);
    const restarted = await startApp(pool2);
    try {
      const report = await syncDevice(d, restarted.url);
      expect(report.acknowledgedSeq).toBe(1);
    } finally {
      await restarted.app.close();
      await pool2.end();
    }
    await expectExactlyOnce([d]);
  });

  it('the client killed between sending a package and receiving its receipt resends it and gets the same receipt', async () => {
    const d = await enrolledDevice(server, url, dir, 'killed-client', '130132');
    await write(d, ['add', 'demand'], demand('断电'));
    const answers: PushResult[] = [];
    const dying = (inner: Transport): Transport => ({
      push: async (bytes) => {
        answers.push(await inner.push(bytes)); // the server processed it …
        throw new Error('process killed'); // … and the client died before reading the answer
      },
      pull: (bytes) => inner.pull(bytes),
    });
    await expect(syncDevice(d, url, { wrap: dying, retry: NO_RETRY })).rejects.toThrow();
    expect((await cmd(d.home, 'status')).pendingTotal).toBeGreaterThan(0);
    const report = await syncDevice(d, url);
    expect(report.acknowledgedSeq).toBe(1);
    const store = openStore(d.home);
    const kept = store.replica().receipts.find((r) => r.seq === 1)!.text;
    store.close();
    expect(kept).toBe(new TextDecoder().decode((answers[0] as { bytes: Uint8Array }).bytes)); // the same receipt, byte for byte
    await expectExactlyOnce([d]);
  });

  it('the same USB package: by HTTP then admin import-package, and twice by file — applied once; out of order gets seq-gap', async () => {
    const a = await enrolledDevice(server, url, dir, 'usb-a', '130132');
    const b = await enrolledDevice(server, url, dir, 'usb-b', '130132');
    for (const d of [a, b]) for (let n = 0; n < 2; n++) await write(d, ['add', 'demand'], demand(`${d.name}-${n}`));
    const keyring = new ServerKeyring(server.pool);

    const ea = await engineOf(a);
    const [fileA] = await ea.engine.exportPendingPackages();
    ea.close();
    const http = await new HttpTransport(url).push(fileA!.bytes);
    expect(http.kind).toBe('receipt');
    const viaCli = await ingestPackage(server.pool, keyring, fileA!.bytes, 'file', 1 << 22);
    expect(viaCli.status).toBe('duplicate');
    expect(viaCli.receipt).toBe(new TextDecoder().decode((http as { bytes: Uint8Array }).bytes));
    expect(
      (await server.pool.query('SELECT count(*)::int AS n FROM packages WHERE device = $1', [a.id])).rows[0].n,
    ).toBe(1);

    // Device b works offline with small packages and hands the files over out of order, each twice.
    const eb = await engineOf(b, { maxOps: 3 });
    const files = await eb.engine.exportPendingPackages();
    eb.close();
    expect(files.length).toBeGreaterThan(2);
    const ingest = (bytes: Uint8Array) =>
      ingestPackage(server.pool, keyring, bytes, 'file', 1 << 22).catch(
        (e: { code?: string; detail?: { expectedSeq?: number } }) => e,
      );
    const early = (await ingest(files[1]!.bytes)) as { code: string; detail: { expectedSeq: number } };
    expect([early.code, early.detail.expectedSeq]).toEqual(['seq-gap', 1]);
    for (const f of [...files].reverse()) await ingest(f.bytes); // last-to-first: only seq 1 fits, the rest gap
    for (const f of files) {
      expect(((await ingest(f.bytes)) as { status?: string }).status, `seq ${f.seq}`).toMatch(/^(accepted|duplicate)$/);
      expect(((await ingest(f.bytes)) as { status?: string }).status, `seq ${f.seq} again`).toBe('duplicate');
    }

    // The return file acknowledges b's package and imported twice changes nothing.
    const page = await changesPage(server.pool, keyring, { id: b.id, county: b.county }, 0, 5000);
    const bytes = new TextEncoder().encode(page.package);
    const ib = await engineOf(b);
    const once = await ib.engine.importReturnPackage(bytes);
    const digest = stateDigest(deviceState(b));
    const twice = await ib.engine.importReturnPackage(bytes);
    ib.close();
    expect(once.acknowledgedSeq).toBe(files.length);
    expect(twice.changedRecords).toBe(0);
    expect(stateDigest(deviceState(b))).toBe(digest);
    expect((await cmd(b.home, 'status')).pendingTotal).toBe(0);
    await expectExactlyOnce([a, b]);
  });

  it('a revoked device: its later push and pull are refused with DEVICE_REVOKED in plain Chinese; its earlier data stays', async () => {
    const d = await enrolledDevice(server, url, dir, 'revoked', '130132');
    await write(d, ['add', 'demand'], demand('吊销前'));
    await syncDevice(d, url);
    const before = (await serverOps(server)).filter((op) => op.device === d.id).length;
    expect(before).toBe(d.made.size);
    await server.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${d.id}/revoke`,
      headers: adminHeaders,
      payload: {},
    });
    await write(d, ['add', 'demand'], demand('吊销后'));
    const push = (await syncDevice(d, url).catch((e: unknown) => e)) as SyncError;
    expect([push.code, push.transient]).toEqual(['DEVICE_REVOKED', false]);
    expect(push.text.zh).toContain('吊销');
    const request = await sealPullRequest(
      { requestId: uuidv7(), device: d.id, after: null, limit: 10 },
      await loadDeviceKey(d.home),
    );
    const pull = (await new HttpTransport(url).pull(request).catch((e: unknown) => e)) as SyncError;
    expect([pull.code, pull.transient]).toEqual(['DEVICE_REVOKED', false]);
    expect((await serverOps(server)).filter((op) => op.device === d.id).length).toBe(before);
    expect((await cmd(d.home, 'status')).pendingTotal).toBeGreaterThan(0);
  });
});
