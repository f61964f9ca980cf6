/** Comparing the local clock with the server's time on receipts and pages: a warning, never a failure. */
import type { ClockDrift } from '../change/clock-errors';
import { checkClockSkew } from '../change/hlc';
import type { PlainText } from './errors';

export const DEFAULT_SKEW_WARN_MS = 5 * 60_000;

export interface ClockSkewWarning {
  code: 'CLOCK_SKEW';
  /** Local minus server, in ms (negative: this PC is behind). */
  driftMs: number;
  drift: ClockDrift;
  text: PlainText;
}

/** A CLOCK_SKEW warning when |local − server| exceeds `maxMs`, else null. Unparsable server times are ignored. */
export function clockSkewWarning(
  serverTime: string,
  localNowMs: number,
  maxMs: number = DEFAULT_SKEW_WARN_MS,
): ClockSkewWarning | null {
  const server = Date.parse(serverTime);
  if (!Number.isFinite(server)) return null;
  const drift = checkClockSkew(localNowMs, server, maxMs);
  if (!drift) return null;
  const text = {
    zh: `${drift.messages.zh}本次同步的数据不受影响。`,
    en: `${drift.messages.en} This sync was not affected.`,
  };
  return { code: 'CLOCK_SKEW', driftMs: drift.driftMs, drift, text };
}
