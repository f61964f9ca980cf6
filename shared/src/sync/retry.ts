/** Bounded retry of transient sync failures with exponential backoff and full jitter. */
import { SyncError } from './errors';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 30_000 };

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (error: SyncError, attempt: number, delayMs: number) => void;
}

/** Anything a transport throws that is not a SyncError is a network failure (fetch's TypeError, a reset …). */
export function asSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  return new SyncError('NETWORK', {
    cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}

export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const jittered = Math.floor(ceiling / 2 + random() * (ceiling / 2));
  return retryAfterMs !== undefined ? Math.min(policy.maxMs, Math.max(retryAfterMs, jittered)) : jittered;
}

export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const error = asSyncError(e);
      if (!error.transient || attempt + 1 >= policy.attempts) throw error;
      const retryAfter = typeof error.detail.retryAfterMs === 'number' ? error.detail.retryAfterMs : undefined;
      const delay = backoffDelay(policy, attempt, deps.random, retryAfter);
      deps.onRetry?.(error, attempt + 1, delay);
      await deps.sleep(delay);
    }
  }
}
