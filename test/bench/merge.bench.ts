// Merging ops into state. Floor: the same number of plain Map.set writes of the same values, the raw
// lower bound of any per-field store. Workload: 20,000 enterprise records × 5 fields = 100,000 ops
// from two devices, made with the real op makers and clocks (making them is measured separately).
import {
  applyOps,
  baseOf,
  createClock,
  emptyState,
  makeFieldOps,
  recordKey,
  stateDigest,
  type MergeState,
  type Op,
} from '@shared/change/index';
import { entry, medianMs, type BenchEntry } from './types';

const RECORDS = 20_000;
const FIELDS = ['name', 'creditCode', 'phone', 'employees', 'address'] as const;
const isKnownField = () => true;

function makeOps(device: string, node: string, bases: MergeState | null, from = 0, to = RECORDS): Op[] {
  const clock = createClock(node);
  const ctx = { clock, device, operator: '张三', county: '130102', schemaVersion: 1 };
  const ops: Op[] = [];
  for (let i = from; i < to; i++) {
    const recordId = `019a0000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    const current = bases?.records.get(recordKey('enterprise', recordId));
    const changes = {
      name: `河北某某科技有限公司${i}`,
      creditCode: `91130100MA0${i}`,
      phone: `0311-${i}`,
      employees: i % 500,
      address: `石家庄市长安区${i}号`,
    };
    const base = current ? Object.fromEntries(FIELDS.map((f) => [f, baseOf(current, f)])) : null;
    ops.push(...makeFieldOps({ ...ctx, entity: 'enterprise', recordId, changes, base }));
  }
  return ops;
}

export default async function bench(): Promise<BenchEntry[]> {
  let created: Op[] = [];
  const makeMs = await medianMs(() => {
    created = makeOps('device-a', '00000000000000a1', null);
  }, 1);
  const n = created.length;

  const floorMs = await medianMs(() => {
    const m = new Map<string, unknown>();
    for (const op of created) m.set(`${op.entity}/${op.recordId}/${op.field}`, op.value);
  });
  const mergeMs = await medianMs(() => applyOps(emptyState(), created, { isKnownField }));

  const state = applyOps(emptyState(), created, { isKnownField }).state;
  const updates = makeOps('device-b', '00000000000000b2', state);
  // Records are copy-on-write, so each run merges into a fresh copy of the record map (its cost subtracted).
  const updateMs = await medianMs(() => {
    const s: MergeState = { records: new Map(state.records), parked: new Map() };
    applyOps(s, updates, { isKnownField });
  }, 3);
  const copyMs = await medianMs(() => new Map(state.records), 3);

  // 1,000 edits (200 records × 5 fields) per run, a different batch each run, into the live state.
  const batches = Array.from({ length: 21 }, (_, i) =>
    makeOps('device-c', '00000000000000c3', state, i * 200, i * 200 + 200),
  );
  let batch = 0;
  const thousandMs = await medianMs(() => applyOps(state, batches[batch++]!, { isKnownField }), 21);
  const thousandFloorMs = await medianMs(() => {
    const m = new Map<string, unknown>();
    for (const op of batches[0]!) m.set(`${op.entity}/${op.recordId}/${op.field}`, op.value);
  }, 21);

  const digestMs = await medianMs(() => stateDigest(state), 3);
  const jsonMs = await medianMs(() => JSON.stringify([...state.records.values()]), 3);

  return [
    entry(`merge ${n} ops into empty state`, mergeMs, 'ms', floorMs),
    entry(`merge throughput (${n} ops)`, n / (mergeMs / 1000), 'ops/s', n / (floorMs / 1000)),
    entry(`merge ${n} concurrent updates into ${RECORDS} records`, updateMs - copyMs, 'ms', floorMs),
    entry(`merge 1000 edits into a ${n}-field state`, thousandMs, 'ms', thousandFloorMs),
    entry(`make ${n} field ops (UUIDv7 + HLC)`, makeMs, 'ms'),
    entry(`stateDigest of ${RECORDS} records`, digestMs, 'ms', jsonMs),
  ];
}
