/**
 * Single flight for the sync: Web Locks (`navigator.locks`) are shared by every window and worker of the origin,
 * so two open windows never run a sync at the same time. Where Web Locks are missing (unit tests in Node), an
 * in-page queue gives the same guarantee within the page.
 */
import type { Lock } from '@shared/sync/ports';

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export function webLocksLock(
  locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
): Lock {
  if (locks && typeof locks.request === 'function') {
    return { withLock: (name, fn) => locks.request(name, fn) };
  }
  return inPageLock();
}

/** A queue per lock name within this page. */
export function inPageLock(): Lock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      try {
        return await run;
      } finally {
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}
