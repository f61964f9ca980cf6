/**
 * Devices of several counties write random ops, some outside their scope (another county's record, reference data)
 * and some the server refuses for their content (a poison value), and sync in random order. Whatever the order:
 * the server never applies an out-of-scope or refused op, every in-scope acceptable op is applied exactly once,
 * no device ends with a package left unacknowledged (no permanently refused seq), and every op that did not reach
 * the server waits on its device as a held-back change (待处理的修改) — nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Op } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { ReferenceServer } from './support/reference-server';
import { makeDevice, type TestDevice } from './support/test-device';

const COUNTIES = ['130132', '130132', '130203', '130628'] as const;
const POISON = '坏值\u0000';

type Step =
  | { kind: 'edit'; device: number; record: number; where: 'own' | 'other' | 'reference'; poison: boolean }
  | { kind: 'sync'; device: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      device: fc.nat(3),
      record: fc.nat(3),
      where: fc.constantFrom('own' as const, 'own' as const, 'other' as const, 'reference' as const),
      poison: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), device: fc.nat(3) }) },
);

const recordId = (device: number, n: number): string => `0190a1b2-c3d4-7000-8000-0000000${device}${n}0aa`.slice(0, 36);

describe('ways out (fast-check)', () => {
  it('out-of-scope and refused ops never reach the server, the rest arrives exactly once, no seq stays refused', async () => {
    const serverSigner = await createSigner(await generateKeyPair('Ed25519'));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const server = new ReferenceServer(serverSigner);
        server.opRule = (op) => (op.value === POISON ? 'poison-text' : null);
        const devices: TestDevice[] = [];
        for (const [i, county] of COUNTIES.entries()) devices.push(await makeDevice(server, `dev-${i}`, county));
        const scopeOf = new Map(devices.map((d) => [d.id, d.county]));
        const outOfScope = new Set<string>();
        const poisoned = new Set<string>();

        for (const s of steps) {
          const d = devices[s.device]!;
          if (s.kind === 'sync') {
            await d.engine(server.transport()).run();
            continue;
          }
          const value = s.poison ? POISON : `需求 ${s.record}`;
          let ops: Op[];
          if (s.where === 'reference') ops = await d.editIn('13', 'industry', `IND-${s.record}`, { name: value });
          else {
            const county = s.where === 'own' ? d.county : COUNTIES.find((c) => c !== d.county)!;
            ops = await d.editIn(county, 'demand', recordId(s.device, s.record), { name: value });
          }
          for (const op of ops) {
            if (s.where !== 'own') outOfScope.add(op.opId);
            else if (s.poison) poisoned.add(op.opId);
          }
        }
        for (const d of devices) await d.engine(server.transport()).run();

        // The server never applied an out-of-scope or refused op (a record the clerk moved into the county
        // sends its earlier changes under that county: in scope as applied).
        for (const op of server.log) {
          expect(op.county).toBe(scopeOf.get(op.device));
          expect(op.value).not.toBe(POISON);
        }
        // Every in-scope acceptable op exactly once.
        const logged = server.log.map((op) => op.opId);
        expect(new Set(logged).size).toBe(logged.length);
        const made = devices.flatMap((d) => d.made);
        for (const op of made)
          if (!outOfScope.has(op.opId) && !poisoned.has(op.opId)) expect(logged).toContain(op.opId);
        for (const d of devices) {
          // No package left unacknowledged: no permanently refused seq, and nothing left unsealed.
          expect(await d.store.pendingPackages()).toEqual([]);
          expect(await d.store.unsealedOps()).toEqual([]);
          // Nothing lost: every op reached the server, waits held back with its reason, or was superseded by a
          // later op of the same field (its value replaced anyway).
          const held = new Set((await d.store.heldOps()).map((h) => h.op.opId));
          for (const op of d.made) {
            const superseded = d.made.some((o) => o.recordId === op.recordId && o.field === op.field && o.hlc > op.hlc);
            expect(logged.includes(op.opId) || held.has(op.opId) || superseded, op.opId).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
