/** The 同步 page's summary: what is waiting, what the server confirmed, and warnings in plain words. */
import type { PlainText } from './errors';
import { clockSkewWarning, DEFAULT_SKEW_WARN_MS, type ClockSkewWarning } from './clock-skew';
import type { StoreCounters } from './ports';

export const PENDING_WARN_MS = 24 * 60 * 60_000;

export interface PendingOldWarning {
  code: 'PENDING_OLD';
  ageMs: number;
  text: PlainText;
}

export type SyncWarning = ClockSkewWarning | PendingOldWarning;

export interface SyncStatus extends StoreCounters {
  pendingTotal: number;
  /** Age of the oldest unacknowledged change (local clock), null when nothing waits. */
  oldestPendingAgeMs: number | null;
  warnings: SyncWarning[];
}

export function summarizeStatus(counters: StoreCounters, nowMs: number, warnAfterMs = PENDING_WARN_MS): SyncStatus {
  const pendingTotal = Object.values(counters.pendingByEntity).reduce((a, b) => a + b, 0);
  const oldest = counters.oldestPendingAt === null ? null : Date.parse(counters.oldestPendingAt);
  const oldestPendingAgeMs = oldest === null || !Number.isFinite(oldest) ? null : Math.max(0, nowMs - oldest);
  const warnings: SyncWarning[] = [];
  if (oldestPendingAgeMs !== null && oldestPendingAgeMs > warnAfterMs) {
    const hours = Math.floor(oldestPendingAgeMs / 3_600_000);
    warnings.push({
      code: 'PENDING_OLD',
      ageMs: oldestPendingAgeMs,
      text: {
        zh: `有修改已等待 ${hours} 小时仍未报送到省级服务器。请尽快联网同步，或在「U盘报送」中点「导出待上报数据包」。`,
        en: `Some changes have waited ${hours} hours without reaching the provincial server. Sync online soon, or click "Export pending changes" under "USB stick".`,
      },
    });
  }
  // lastSyncAt (local clock) and lastServerTime (server clock) are taken at the end of the same sync.
  const lastSync = counters.lastSyncAt === null ? NaN : Date.parse(counters.lastSyncAt);
  if (counters.lastServerTime !== null && Number.isFinite(lastSync)) {
    const skew = clockSkewWarning(counters.lastServerTime, lastSync, DEFAULT_SKEW_WARN_MS);
    if (skew) warnings.push(skew);
  }
  return { ...counters, pendingTotal, oldestPendingAgeMs, warnings };
}
