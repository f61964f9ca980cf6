/**
 * Hybrid logical clock (Kulkarni et al. 2014) in LinkDesk's string form, documented in op.ts:
 *   `2026-11-28T20:14:30.123Z-000a-3f9c2b1e8d7a6c54`  (UTC millis, 16-bit counter, 64-bit node id)
 * Strings of this form sort lexicographically in timestamp order, so comparing is string comparison.
 *
 * Counter overflow: more than 65,535 events inside one millisecond (in practice: a big import right
 * after receiving a timestamp from a slightly fast peer) first borrows the next millisecond, as long
 * as that keeps the clock within `maxDriftMs` of the physical clock; only past that does it throw
 * `ClockCounterOverflowError`. Ordering and uniqueness hold either way.
 */
import type { Hlc } from './op';
import {
  ClockCounterOverflowError,
  ClockDriftError,
  InvalidHlcError,
  describeDrift,
  type ClockDrift,
} from './clock-errors';

export { ClockCounterOverflowError, ClockDriftError, InvalidHlcError, describeDrift };
export type { ClockDrift };

export interface HlcParts {
  /** Unix milliseconds. */
  ms: number;
  /** 0..0xffff */
  counter: number;
  /** 16 lowercase hex digits. */
  node: string;
}

export const DEFAULT_MAX_DRIFT_MS = 5 * 60_000;
export const MAX_COUNTER = 0xffff;
/** Latest instant with a four-digit year, the limit of the string format. */
const MAX_MS = 253_402_300_799_999;
const HLC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;
const NODE_RE = /^[0-9a-f]{16}$/;
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Cheap shape check (no calendar validation); use it on hot paths, `parseHlc` elsewhere. */
export function isHlc(value: unknown): value is Hlc {
  return typeof value === 'string' && value.length === 46 && HLC_RE.test(value);
}

export function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && NODE_RE.test(value);
}

export function parseHlc(value: Hlc): HlcParts {
  if (!isHlc(value)) throw new InvalidHlcError(value, 'expected YYYY-MM-DDTHH:mm:ss.sssZ-cccc-nnnnnnnnnnnnnnnn');
  const iso = value.slice(0, 24);
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== iso) throw new InvalidHlcError(value, 'no such date');
  return { ms, counter: parseInt(value.slice(25, 29), 16), node: value.slice(30) };
}

export function formatHlc(parts: HlcParts): Hlc {
  const { ms, counter, node } = parts;
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_MS) throw new InvalidHlcError(parts, 'time out of range');
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER)
    throw new InvalidHlcError(parts, 'counter out of range');
  if (!isNodeId(node)) throw new InvalidHlcError(parts, 'node id must be 16 lowercase hex digits');
  return `${new Date(ms).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

/** Timestamp order; both arguments must be valid HLC strings (not checked here, for speed). */
export function compareHlc(a: Hlc, b: Hlc): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fresh random node id for a newly enrolled device. */
export function randomNodeId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export interface ClockOptions {
  /** A remote timestamp further ahead of our physical clock than this is refused. Default 5 minutes. */
  maxDriftMs?: number;
  /** The last timestamp this device issued or received (persisted), so a restart never goes back. */
  last?: Hlc | null;
}

export interface HybridClock {
  readonly nodeId: string;
  readonly maxDriftMs: number;
  /** A timestamp for a local event (an edit): strictly later than every timestamp seen so far. */
  tick(): Hlc;
  /** Merges a timestamp from elsewhere (a pulled op); throws ClockDriftError if it is too far ahead. */
  receive(remote: Hlc): Hlc;
  /** The latest timestamp issued or received; persist it in the same transaction as the ops. */
  last(): Hlc | null;
}

export function createClock(nodeId: string, now: () => number = Date.now, options: ClockOptions = {}): HybridClock {
  if (!isNodeId(nodeId)) throw new InvalidHlcError(nodeId, 'node id must be 16 lowercase hex digits');
  const maxDriftMs = options.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS;
  let lastMs = 0;
  let counter = 0;
  let issued = false;
  if (options.last) {
    const parts = parseHlc(options.last);
    lastMs = parts.ms;
    counter = parts.counter;
    issued = true;
  }

  const physical = (): number => {
    const t = now();
    if (!Number.isFinite(t) || t < 0 || t > MAX_MS)
      throw new InvalidHlcError(t, 'the physical clock returned an impossible time');
    return Math.floor(t);
  };

  // Formatting is on the hot path of every edit and import: the node id is checked once, and the ISO
  // text is reused while ticks stay in the same millisecond.
  let isoMs = -1;
  let iso = '';
  const format = (ms: number, c: number): Hlc => {
    if (ms !== isoMs) {
      if (ms > MAX_MS) throw new InvalidHlcError(ms, 'time out of range');
      iso = new Date(ms).toISOString();
      isoMs = ms;
    }
    return `${iso}-${HEX2[c >>> 8]!}${HEX2[c & 0xff]!}-${nodeId}`;
  };

  /** Moves to (ms, next) handling counter overflow; returns the formatted timestamp. */
  const advance = (ms: number, next: number, pt: number): Hlc => {
    if (next > MAX_COUNTER) {
      if (ms + 1 - pt > maxDriftMs) throw new ClockCounterOverflowError();
      ms += 1;
      next = 0;
    }
    lastMs = ms;
    counter = next;
    issued = true;
    return format(ms, next);
  };

  return {
    nodeId,
    maxDriftMs,
    tick() {
      const pt = physical();
      if (pt > lastMs) return advance(pt, 0, pt);
      return advance(lastMs, counter + 1, pt);
    },
    receive(remote) {
      const r = parseHlc(remote);
      const pt = physical();
      if (r.ms - pt > maxDriftMs) throw new ClockDriftError({ driftMs: pt - r.ms, maxDriftMs, against: 'peer' });
      const ms = Math.max(lastMs, r.ms, pt);
      let next: number;
      if (ms === lastMs && ms === r.ms) next = Math.max(counter, r.counter) + 1;
      else if (ms === lastMs) next = counter + 1;
      else if (ms === r.ms) next = r.counter + 1;
      else next = 0;
      return advance(ms, next, pt);
    },
    last() {
      return issued ? format(lastMs, counter) : null;
    },
  };
}

/**
 * Compares this PC's clock with a trusted one (the server's time in a receipt).
 * Returns null when they agree within `maxDriftMs`, else the finding with a plain-words message.
 */
export function checkClockSkew(
  localNowMs: number,
  trustedNowMs: number,
  maxDriftMs = DEFAULT_MAX_DRIFT_MS,
): ClockDrift | null {
  const drift = localNowMs - trustedNowMs;
  if (Math.abs(drift) <= maxDriftMs) return null;
  return describeDrift(drift, maxDriftMs, 'server');
}
