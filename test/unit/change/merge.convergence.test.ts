// Property: replicas that receive the same SET of ops — shuffled, duplicated, in partial batches —
// reach the identical state and conflict set, equal to the state the merge rules define, and no op
// is lost. The ops come from simulated devices with real hybrid logical clocks that edit what they
// currently see, sync through a server log, and sometimes run a newer app with an extra field.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TOMBSTONE_FIELD,
  applyOps,
  baseOf,
  conflictsOf,
  createClock,
  emptyState,
  makeFieldOps,
  makeTombstone,
  opFate,
  reapplyParked,
  recordKey,
  stateDigest,
  type HybridClock,
  type IsKnownField,
  type MergeState,
  type Op,
} from '@shared/change/index';
import { oracleState } from './merge-support';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0, 0);
const RECORDS = ['r0', 'r1', 'r2'];
const FIELDS = ['name', 'phone', 'employees', 'rdSpending'];
/** 'rdSpending' exists only in the newer app that device 0 runs. */
const oldApp: IsKnownField = (_entity, field) => field !== 'rdSpending';
const newApp: IsKnownField = () => true;

interface Device {
  name: string;
  clock: HybridClock;
  state: MergeState;
  knows: IsKnownField;
  outbox: Op[];
  pulled: Set<string>;
}

const actionArb = fc.record({
  device: fc.nat(4),
  kind: fc.constantFrom('edit', 'edit', 'edit', 'editTwo', 'delete', 'restore', 'sync', 'sync'),
  record: fc.nat(RECORDS.length - 1),
  field: fc.nat(FIELDS.length - 1),
  value: fc.nat(4),
  advanceMs: fc.nat(3),
  pick: fc.nat(),
});
type Action = typeof actionArb extends fc.Arbitrary<infer T> ? T : never;

const scenarioArb = fc.record({
  devices: fc.integer({ min: 2, max: 4 }),
  skewsMs: fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 4, maxLength: 4 }),
  actions: fc.array(actionArb, { minLength: 1, maxLength: 40 }),
  replicas: fc.integer({ min: 2, max: 5 }),
  deliverySeed: fc.integer(),
});

function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Runs the devices; returns every op they made and the devices (for the final sync check). */
function simulate(scenario: { devices: number; skewsMs: number[]; actions: Action[] }) {
  const time = { now: T0 };
  const devices: Device[] = Array.from({ length: scenario.devices }, (_, i) => ({
    name: `device-${i}`,
    clock: createClock(`00000000000000${(i + 1).toString(16).padStart(2, '0')}`, () => time.now + scenario.skewsMs[i]!),
    state: emptyState(),
    knows: i === 0 ? newApp : oldApp,
    outbox: [],
    pulled: new Set(),
  }));
  const server: Op[] = [];
  const all: Op[] = [];

  // Devices stamp different counties so the record's county (taken from its latest op) is exercised too.
  const ctx = (d: Device) => ({
    clock: d.clock,
    device: d.name,
    operator: `op-${d.name}`,
    county: `13010${d.name.slice(-1)}`,
    schemaVersion: 1,
  });
  const commit = (d: Device, ops: Op[]) => {
    applyOps(d.state, ops, { isKnownField: d.knows });
    d.outbox.push(...ops);
    all.push(...ops);
  };
  const sync = (d: Device, pick: number) => {
    server.push(...d.outbox);
    for (const o of d.outbox) d.pulled.add(o.opId);
    d.outbox = [];
    const random = mulberry32(pick);
    const incoming = server.filter((o) => !d.pulled.has(o.opId) && random() < 0.7);
    for (const o of incoming) {
      d.clock.receive(o.hlc);
      d.pulled.add(o.opId);
    }
    applyOps(d.state, shuffled(incoming, random), { isKnownField: d.knows });
  };

  for (const a of scenario.actions) {
    time.now += a.advanceMs;
    const d = devices[a.device % devices.length]!;
    const entity = 'enterprise' as const;
    const recordId = RECORDS[a.record]!;
    const current = d.state.records.get(recordKey(entity, recordId));
    const fieldIndex = d.knows === newApp ? a.field : a.field % 3;
    const field = FIELDS[fieldIndex]!;
    switch (a.kind) {
      case 'edit':
        commit(
          d,
          makeFieldOps({
            ...ctx(d),
            entity,
            recordId,
            changes: { [field]: a.value },
            base: { [field]: baseOf(current, field) },
          }),
        );
        break;
      case 'editTwo': {
        const other = FIELDS[(fieldIndex + 1) % 3]!;
        const changes = { [field]: a.value, [other]: `v${a.value}` };
        commit(
          d,
          makeFieldOps({
            ...ctx(d),
            entity,
            recordId,
            changes,
            base: { [field]: baseOf(current, field), [other]: baseOf(current, other) },
          }),
        );
        break;
      }
      case 'delete':
      case 'restore':
        commit(d, [
          makeTombstone({
            ...ctx(d),
            entity,
            recordId,
            base: baseOf(current, TOMBSTONE_FIELD),
            deleted: a.kind === 'delete',
          }),
        ]);
        break;
      case 'sync':
        sync(d, a.pick);
        break;
    }
  }
  return { all, devices, server };
}

/** Delivers the op set to a fresh replica: a random part first, then everything, duplicated, in random batches. */
function deliver(ops: readonly Op[], knows: IsKnownField, random: () => number): MergeState {
  const state = emptyState();
  const partial = ops.filter(() => random() < 0.5);
  const everything = shuffled([...ops, ...ops.filter(() => random() < 0.3)], random);
  for (const stream of [shuffled(partial, random), everything]) {
    let i = 0;
    while (i < stream.length) {
      const size = 1 + Math.floor(random() * 7);
      // Ops made by the real op makers are never refused.
      expect(applyOps(state, stream.slice(i, i + size), { isKnownField: knows }).rejected).toEqual([]);
      i += size;
    }
  }
  // Idempotent: the whole set once more changes nothing.
  expect(applyOps(state, ops, { isKnownField: knows }).changed).toEqual([]);
  return state;
}

const coverage = { runs: 0, conflicts: 0, parked: 0, superseded: 0, deleted: 0 };

function expectNothingLost(state: MergeState, ops: readonly Op[]): void {
  for (const o of ops) {
    const fate = opFate(state, o);
    expect(fate, `op ${o.opId} (${o.field})`).not.toBe('absent');
    if (fate === 'superseded') {
      // Independent of the merge: some editor in the op set saw a value at least this new and overrode it.
      coverage.superseded++;
      expect(
        ops.some(
          (x) =>
            x.entity === o.entity &&
            x.recordId === o.recordId &&
            x.field === o.field &&
            x.baseHlc !== null &&
            x.baseHlc >= o.hlc,
        ),
      ).toBe(true);
    }
  }
}

describe('merge convergence (property)', () => {
  it('replicas given the same op set in any order, with duplicates and partial deliveries, converge to the defined state and lose no op', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { all } = simulate(scenario);
        const random = mulberry32(scenario.deliverySeed);
        const expected = stateDigest(oracleState(all, oldApp));
        const replicas = Array.from({ length: scenario.replicas }, () => deliver(all, oldApp, random));

        const conflictSets = replicas.map((r) => JSON.stringify(conflictsOf(r)));
        for (const r of replicas) expect(stateDigest(r)).toBe(expected);
        expect(new Set(conflictSets).size).toBe(1);
        for (const r of replicas) expectNothingLost(r, all);

        const upgraded = stateDigest(oracleState(all, newApp));
        for (const r of replicas) {
          reapplyParked(r, newApp);
          expect(stateDigest(r)).toBe(upgraded);
          expect(r.parked.size).toBe(0);
        }

        coverage.runs++;
        if (conflictSets[0] !== '[]') coverage.conflicts++;
        if (replicas[0]!.records.size > 0 && [...replicas[0]!.records.values()].some((x) => x.deleted))
          coverage.deleted++;
        if (all.some((o) => !oldApp(o.entity, o.field))) coverage.parked++;
      }),
      { numRuns: 2000 },
    );
    // The generator must actually exercise the interesting cases, or the property proves little.
    expect(coverage.conflicts).toBeGreaterThan(coverage.runs / 20);
    expect(coverage.parked).toBeGreaterThan(coverage.runs / 20);
    expect(coverage.deleted).toBeGreaterThan(coverage.runs / 20);
    expect(coverage.superseded).toBeGreaterThan(0);
  });

  it('devices that edit while partly synced agree after a full sync (same app version, same state)', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { all, devices, server } = simulate(scenario);
        for (const d of devices) {
          server.push(...d.outbox);
          d.outbox = [];
        }
        for (const d of devices) {
          const missing = server.filter((o) => !d.pulled.has(o.opId));
          for (const o of missing) d.clock.receive(o.hlc);
          applyOps(d.state, missing, { isKnownField: d.knows });
        }
        expect(stateDigest(devices[0]!.state)).toBe(stateDigest(oracleState(all, newApp)));
        const oldDigest = stateDigest(oracleState(all, oldApp));
        for (const d of devices.slice(1)) expect(stateDigest(d.state)).toBe(oldDigest);
      }),
      { numRuns: 1000 },
    );
  });
});
