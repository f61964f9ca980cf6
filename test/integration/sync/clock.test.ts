/**
 * A device whose clock is wrong by a day, both ways, through the REAL server (server/src/app.ts, embedded
 * PostgreSQL, a real socket):
 * - AHEAD: its ops would carry future HLCs that win every conflict, so the server refuses the package
 *   (`clock-ahead`, quarantined, nothing applied, the seq not consumed) and the device stops with a plain message;
 *   once its clock is right it re-stamps those ops and seals the same seq again: nothing lost, nothing doubled.
 * - BEHIND: harmless to others (its old HLCs lose LWW); it pushes and pulls with a CLOCK_SKEW warning.
 * - Pulling an op stamped in this PC's future (a fast peer) never wedges the device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHlc, stateDigest, uuidv7 } from '@shared/change';
import { SyncError } from '@shared/sync';
import { useServer } from '../server/harness';
import { openStore } from '../../../device/src/device-home';
import { updateRecord } from '../../../device/src/local-writes';
import {
  addDemandAt,
  countyView,
  DAY_MS,
  deviceState,
  enrolledDevice,
  noteOutbox,
  serverOps,
  syncDevice,
  type RealDevice,
} from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-clock-'));
beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function update(d: RealDevice, id: string, values: Record<string, unknown>, now: () => number): void {
  const store = openStore(d.home);
  try {
    updateRecord(store, 'demand', id, values, now);
  } finally {
    store.close();
    noteOutbox(d);
  }
}

async function opsOf(device: string) {
  return (await serverOps(server)).filter((op) => op.device === device);
}

describe('a device whose clock is wrong by a day, through the real server', () => {
  it('AHEAD: refused with clock-ahead (nothing applied, seq not consumed); after the clock is fixed its ops are re-stamped and accepted once', async () => {
    const fast = await enrolledDevice(server, url, dir, 'fast', '130132');
    const ahead = () => Date.now() + DAY_MS;
    const id = addDemandAt(fast, 1, ahead);
    update(fast, id, { problem: '时间快了一天时录入的说明' }, ahead);

    const refused = (await syncDevice(fast, url, { now: ahead }).catch((e: unknown) => e)) as SyncError;
    expect(refused).toBeInstanceOf(SyncError);
    expect(refused.code).toBe('CLOCK_AHEAD');
    expect(refused.text.zh).toContain('本机时间比省级服务器快了约 1 天');
    expect(refused.text.zh).toContain('请校正电脑日期时间后重新同步，已录入的数据不会丢失');
    const quarantined = await server.pool.query<{ reason: string; seq: string }>(
      'SELECT reason, seq FROM quarantine WHERE device = $1',
      [fast.id],
    );
    expect(quarantined.rows.map((r) => [r.reason, Number(r.seq)])).toEqual([['clock-ahead', 1]]);
    expect(await opsOf(fast.id)).toEqual([]);
    expect((await server.pool.query('SELECT last_seq FROM devices WHERE id = $1', [fast.id])).rows[0].last_seq).toBe(0);

    // Still ahead: the next run stops again with the same error, nothing changes on either side.
    expect(((await syncDevice(fast, url, { now: ahead }).catch((e: unknown) => e)) as SyncError).code).toBe(
      'CLOCK_AHEAD',
    );

    // The user fixes the clock and edits once more before syncing (the device clock still remembers tomorrow).
    update(fast, id, { name: '校正时间后改的名称' }, Date.now);
    const report = await syncDevice(fast, url);
    expect(report.restamped).toBe(fast.made.size);
    expect(report.acknowledgedSeq).toBe(1); // the refused seq, sealed again
    const accepted = await opsOf(fast.id);
    expect(accepted.map((op) => op.opId).sort()).toEqual([...fast.made].sort());
    for (const op of accepted) expect(parseHlc(op.hlc).ms).toBeLessThanOrEqual(Date.now());
    const state = deviceState(fast);
    expect(stateDigest(state)).toBe(stateDigest(countyView(await serverOps(server), '130132')));
    const record = state.records.get(`demand/${id}`)!;
    expect([record.fields.name!.value, record.fields.problem!.value]).toEqual([
      '校正时间后改的名称',
      '时间快了一天时录入的说明',
    ]);

    // The device clock was reset with the re-stamp: the next edit is stamped now, not tomorrow.
    update(fast, id, { problem: '之后的正常修改' }, Date.now);
    const store = openStore(fast.home);
    const next = [...store.replica().outbox.values()].at(-1)!.op;
    store.close();
    expect(parseHlc(next.hlc).ms).toBeLessThanOrEqual(Date.now());
    expect((await syncDevice(fast, url)).acknowledgedSeq).toBe(2);
  });

  it('BEHIND: pushes and pulls with a CLOCK_SKEW warning; its older stamps lose to a concurrent current edit everywhere', async () => {
    const slow = await enrolledDevice(server, url, dir, 'slow', '130181');
    const right = await enrolledDevice(server, url, dir, 'right', '130181');
    const behind = () => Date.now() - DAY_MS;
    // The slow PC records a demand (a day in the past), the province's picture reaches the right one.
    const id = addDemandAt(slow, 2, behind);
    const pushed = await syncDevice(slow, url, { now: behind });
    expect(pushed.warnings.map((w) => w.code)).toEqual(['CLOCK_SKEW']);
    expect(pushed.acknowledgedSeq).toBe(1);
    await syncDevice(right, url);
    expect(deviceState(right).records.has(`demand/${id}`)).toBe(true);

    update(slow, id, { name: '慢一天的电脑改的' }, behind);
    update(right, id, { name: '时间正确的电脑改的' }, Date.now);
    const report = await syncDevice(slow, url, { now: behind });
    expect(report.acknowledgedSeq).toBe(2);
    await syncDevice(right, url);
    await syncDevice(slow, url, { now: behind });
    const view = countyView(await serverOps(server), '130181');
    for (const d of [slow, right]) {
      expect(stateDigest(deviceState(d))).toBe(stateDigest(view));
      expect(deviceState(d).records.get(`demand/${id}`)!.fields.name!.value).toBe('时间正确的电脑改的');
    }
  });

  it('pulling an op stamped a day in this PC’s future (a fast peer) does not wedge the device', async () => {
    const d = await enrolledDevice(server, url, dir, 'victim', '130183');
    const future = new Date(Date.now() + DAY_MS).toISOString();
    await server.pool.query(
      `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version)
       VALUES ($1, 'industry', 'C40', 'name', '"仪器仪表制造业"', $2, NULL, 'province', '省科技厅', '13', 1)`,
      [uuidv7(), `${future}-0000-00000000000000aa`],
    );
    const first = await syncDevice(d, url);
    expect(first.pulledOps).toBeGreaterThan(0);
    addDemandAt(d, 3, Date.now);
    const second = await syncDevice(d, url);
    expect(second.acknowledgedSeq).toBe(1);
    expect(stateDigest(deviceState(d))).toBe(stateDigest(countyView(await serverOps(server), '130183')));
  });
});
