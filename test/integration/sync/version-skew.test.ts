/**
 * Version skew through the REAL server (PostgreSQL, the ingest and pull paths, a real socket). A newer app knows a
 * field an older one does not (simulated by an isKnownField that also knows `demand.carbonTarget`, and ops carrying
 * schemaVersion 2 with it). Whichever side is older PARKS the unknown ops — kept, never dropped — and applies them
 * when it learns the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock, stateDigest, uuidv7, type IsKnownField, type Op } from '@shared/change';
import { knownFields, SCHEMA_VERSION } from '@shared/domain';
import { SyncEngine } from '@shared/sync';
import { useServer } from '../server/harness';
import { serverKeysOf } from '../../../device/src/device-home';
import { FileLock } from '../../../device/src/file-lock';
import { FileSyncStore } from '../../../device/src/file-store';
import { HttpTransport } from '../../../device/src/http-transport';
import { loadDeviceKey } from '../../../device/src/keystore';
import { settingsOf } from '../../../device/src/local-writes';
import { ingestPackage } from '../../../server/src/ingest/ingest';
import { reapplyParkedOps } from '../../../server/src/ingest/parked';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { demand, enrolledDevice, write, type RealDevice } from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-skew-'));
beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEW_FIELD = 'carbonTarget';
const OLD: IsKnownField = (entity, field) => knownFields(entity).has(field);
const NEW: IsKnownField = (entity, field) => OLD(entity, field) || (entity === 'demand' && field === NEW_FIELD);

const openAs = (d: RealDevice, isKnownField: IsKnownField) =>
  FileSyncStore.open(join(d.home, 'data'), { isKnownField });

async function run(d: RealDevice, isKnownField: IsKnownField, schemaVersion: number): Promise<void> {
  const store = openAs(d, isKnownField);
  try {
    const engine = new SyncEngine({
      store,
      transport: new HttpTransport(url),
      lock: new FileLock(d.home),
      signer: await loadDeviceKey(d.home),
      serverKeys: () => serverKeysOf(store),
      schemaVersion,
      appVersion: `v${schemaVersion}`,
    });
    await engine.run();
  } finally {
    store.close();
  }
}

/** The newer app writes the field it knows (schemaVersion 2), the local write path of that app. */
function writeNewField(d: RealDevice, recordId: string, value: string): Op {
  const store = openAs(d, NEW);
  try {
    const s = settingsOf(store);
    const clock = createClock(s.nodeId, Date.now, { last: s.clockLast });
    const op: Op = {
      opId: uuidv7(),
      entity: 'demand',
      recordId,
      field: NEW_FIELD,
      value,
      hlc: clock.tick(),
      baseHlc: null,
      device: s.deviceId,
      operator: s.operator,
      county: s.county,
      schemaVersion: 2,
    };
    store.writeLocal([op], new Date().toISOString(), { clockLast: clock.last() });
    return op;
  } finally {
    store.close();
  }
}

function view(d: RealDevice, isKnownField: IsKnownField) {
  const store = openAs(d, isKnownField);
  const state = store.replica().state;
  store.close();
  return state;
}

async function serverRecord(id: string): Promise<Record<string, { value: unknown }>> {
  return (await server.pool.query('SELECT fields FROM records WHERE entity = $1 AND record_id = $2', ['demand', id]))
    .rows[0].fields;
}

describe('version skew: unknown fields are parked, not dropped, on server and device, and applied once learned', () => {
  it('newer client → older server → older client; then both learn the field', async () => {
    const newer = await enrolledDevice(server, url, dir, 'newer', '130132');
    const older = await enrolledDevice(server, url, dir, 'older', '130132');
    const id = (await write(newer, ['add', 'demand'], demand('版本'))).id as string;
    const op = writeNewField(newer, id, '2027年减排百分之十');
    expect(view(newer, NEW).records.get(`demand/${id}`)!.fields[NEW_FIELD]!.value).toBe('2027年减排百分之十');
    await run(newer, NEW, 2);

    // The older server: in its op log, parked, not in current state.
    const logged = await server.pool.query('SELECT schema_version, value FROM ops WHERE op_id = $1', [op.opId]);
    expect(logged.rows).toEqual([{ schema_version: 2, value: '2027年减排百分之十' }]);
    const parked = await server.pool.query('SELECT reason, applied_at FROM parked_ops WHERE op_id = $1', [op.opId]);
    expect(parked.rows).toEqual([{ reason: 'unknown-field', applied_at: null }]);
    expect((await serverRecord(id))[NEW_FIELD]).toBeUndefined();

    // The older client pulls it: parked on the device, the record shown without it.
    await run(older, OLD, SCHEMA_VERSION);
    const old = view(older, OLD);
    expect(old.parked.has(op.opId)).toBe(true);
    expect(old.records.get(`demand/${id}`)!.fields[NEW_FIELD]).toBeUndefined();

    // The older client is updated: the parked op is applied; it now holds exactly what the newer client holds.
    const updated = view(older, NEW);
    expect(updated.parked.size).toBe(0);
    expect(stateDigest(updated)).toBe(stateDigest(view(newer, NEW)));

    // The server is updated.
    expect(await reapplyParkedOps(server.pool, NEW)).toBe(1);
    expect((await serverRecord(id))[NEW_FIELD]!.value).toBe('2027年减排百分之十');
    expect(
      (await server.pool.query('SELECT applied_at FROM parked_ops WHERE op_id = $1', [op.opId])).rows[0].applied_at,
    ).not.toBeNull();
    expect(await reapplyParkedOps(server.pool, NEW)).toBe(0);
  });

  it('older client → newer server: the older client’s ops apply; the newer server’s extra field reaches it parked', async () => {
    const newer = await enrolledDevice(server, url, dir, 'newer2', '130181');
    const older = await enrolledDevice(server, url, dir, 'older2', '130181');
    const id = (await write(older, ['add', 'demand'], demand('旧版'))).id as string;
    await run(older, OLD, 1);
    await run(newer, NEW, 2);
    const op = writeNewField(newer, id, '零碳工厂');
    // The newer server: the same database and ingest path, knowing the field (the USB file path, as admin import-package).
    const store = openAs(newer, NEW);
    const engine = new SyncEngine({
      store,
      transport: new HttpTransport(url),
      lock: new FileLock(newer.home),
      signer: await loadDeviceKey(newer.home),
      serverKeys: () => serverKeysOf(store),
      schemaVersion: 2,
      appVersion: 'v2',
    });
    const files = await engine.exportPendingPackages();
    store.close();
    for (const f of files)
      expect(
        (
          await ingestPackage(server.pool, new ServerKeyring(server.pool), f.bytes, 'file', 1 << 22, {
            isKnownField: NEW,
          })
        ).status,
      ).toBe('accepted');
    expect((await serverRecord(id))[NEW_FIELD]!.value).toBe('零碳工厂');
    expect(
      (await server.pool.query('SELECT count(*)::int AS n FROM parked_ops WHERE op_id = $1', [op.opId])).rows[0].n,
    ).toBe(0);

    await run(older, OLD, 1);
    expect(view(older, OLD).parked.has(op.opId)).toBe(true);
    await run(newer, NEW, 2);
    expect(stateDigest(view(older, NEW))).toBe(stateDigest(view(newer, NEW)));
  });
});
