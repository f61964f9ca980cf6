/**
 * What a held-back change is, as the stores keep it: types only, so that the ports, the replica and the hold rules
 * (held.ts) can all name them without importing each other.
 */
import type { Op } from '../change/op';

/** Why an op is held back: a scope problem found before sealing, or the server's refusal code (kebab-case). */
export interface HoldReason {
  code: 'out-of-scope' | 'province-owned' | (string & {});
  /** The county the op names (scope problems). */
  county?: string;
  /** The field that broke a rule (refusals naming one). */
  field?: string;
  /** The server's own words, when it gave any (for support; the UI words the code). */
  detail?: string;
  /**
   * 'server': the server refused it. Such a hold is never released by the device's own scope check (the server
   * knows better, e.g. after the province moved the device), only by a fix, by "send again" or by a discard.
   */
  by?: 'server';
}

export interface HeldOp {
  op: Op;
  reason: HoldReason;
  /** The county the record belongs to now on this device (after the clerk's fix), null when unknown. */
  recordCounty: string | null;
}

/**
 * One hold-back transaction. fromSeq (never acknowledged) first unseals packages ≥ fromSeq: their ops go back to
 * the outbox and the chain tip to fromSeq − 1, so the rest is sealed again under the same seq. Then `hold` ops are
 * held back, `release` ops (held) go back to the outbox under the record's current county, `drop` ops (held,
 * superseded by a later op on the same field) leave the outbox.
 */
export interface HoldPlan {
  fromSeq: number | null;
  hold: { opId: string; reason: HoldReason }[];
  release: { opId: string; county: string }[];
  drop: string[];
}
