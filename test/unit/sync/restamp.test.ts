/** Re-stamping after clock-ahead (shared/src/sync/restamp.ts): the replica afterwards is what a fresh merge of the re-stamped ops gives. */
import { describe, expect, it } from 'vitest';
import { applyOps, emptyState, stateDigest, type Op } from '@shared/change';
import { MemorySyncStore, planRestamp, replica as R, restamp } from '@shared/sync';
import { isKnownField } from '@shared/domain';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');
const HOUR = 3_600_000;
const REC = '0190a1b2-c3d4-7000-8000-000000000001';
const MINE = 'aaaaaaaaaaaaaaaa';
const PEER = 'bbbbbbbbbbbbbbbb';

const hlc = (ms: number, node: string, counter = 0) =>
  `${new Date(ms).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
let n = 0;
function op(node: string, field: string, value: string, at: string, baseHlc: string | null = null): Op {
  n++;
  return {
    opId: `0190a1b2-c3d4-7000-8000-${String(n).padStart(12, '0')}`,
    entity: 'demand',
    recordId: REC,
    field,
    value,
    hlc: at,
    baseHlc,
    device: node === MINE ? 'me' : 'peer',
    operator: '张敏',
    county: '130132',
    schemaVersion: 1,
  };
}

describe('restamp after clock-ahead', () => {
  it('gives the refused and unsealed ops fresh stamps in write order, drops the refused packages and re-picks winners', async () => {
    const store = new MemorySyncStore({ isKnownField }, { deviceId: 'me', county: '130132', keyId: 'k' });
    const first = op(MINE, 'name', '快一天时写的名称', hlc(NOW + 24 * HOUR, MINE));
    const second = op(MINE, 'name', '随后改的名称', hlc(NOW + 24 * HOUR, MINE, 1), first.hlc);
    const problem = op(MINE, 'problem', '快一天时写的说明', hlc(NOW + 24 * HOUR, MINE, 2));
    await store.writeLocal([first, second, problem], new Date(NOW).toISOString());
    // A peer's concurrent edit, stamped between "now" and the future stamps: it loses now, must win after the re-stamp.
    const peer = op(PEER, 'problem', '另一台电脑一小时后写的说明', hlc(NOW + HOUR, PEER));
    await store.applyPage({
      digest: 'd',
      from: '0',
      to: '1',
      hasMore: false,
      serverTime: new Date(NOW).toISOString(),
      ops: [peer],
      receipts: [],
    });
    expect(store.data.state.records.get(`demand/${REC}`)!.fields.problem!.value).toBe('快一天时写的说明');
    await store.sealPackage({
      seq: 1,
      digest: 'sha256-x',
      packageId: 'p',
      prevDigest: null,
      bytes: new Uint8Array(),
      opIds: [first.opId, second.opId],
      sealedAt: '',
    });

    const before = store.data.state.records.get(`demand/${REC}`);
    expect(await store.restampFrom(1, NOW)).toBe(3);
    expect(store.data.state.records.get(`demand/${REC}`)).not.toBe(before); // copy-on-write, the old object unchanged
    expect(before!.fields.problem!.value).toBe('快一天时写的说明');

    const queued = R.unsealedOps(store.data);
    expect(queued.map((o) => o.opId)).toEqual([first.opId, second.opId, problem.opId]);
    expect(queued.map((o) => o.hlc)).toEqual([hlc(NOW, MINE), hlc(NOW, MINE, 1), hlc(NOW, MINE, 2)]);
    expect(queued[1]!.baseHlc).toBe(queued[0]!.hlc); // the base follows its op
    expect([store.data.packages.size, store.data.tip]).toEqual([0, null]);

    const fresh = emptyState();
    applyOps(fresh, [...queued, peer], { isKnownField });
    expect(stateDigest(store.data.state)).toBe(stateDigest(fresh));
    expect(store.data.state.records.get(`demand/${REC}`)!.fields.problem!.value).toBe('另一台电脑一小时后写的说明');
    expect(store.data.state.records.get(`demand/${REC}`)!.fields.name!.value).toBe('随后改的名称');
  });

  it('refuses a plan for a seq the server acknowledged, or one that does not cover exactly the refused ops', async () => {
    const store = new MemorySyncStore({ isKnownField }, { deviceId: 'me', county: '130132', keyId: 'k' });
    const a = op(MINE, 'name', '甲', hlc(NOW + 24 * HOUR, MINE));
    await store.writeLocal([a], new Date(NOW).toISOString());
    const plan = planRestamp(store.data, 1, NOW);
    expect(() => restamp(store.data, { ...plan, hlcs: {} })).toThrow(/does not cover/);
    store.data.acknowledgedSeq = 1;
    expect(() => restamp(store.data, planRestamp(store.data, 1, NOW))).toThrow(/acknowledged/);
    expect(R.unsealedOps(store.data)[0]!.hlc).toBe(a.hlc); // refused: nothing changed
  });
});
