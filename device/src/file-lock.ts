/** Single flight for the Node client: an exclusive lock file holding the owner's pid; a dead owner's lock is taken over. */
import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Lock } from '@shared/sync';

export class LockBusyError extends Error {
  readonly code = 'SYNC_BUSY' as const;
  readonly text = {
    zh: '本设备已有一个同步正在进行，请等它结束后再试。',
    en: 'A sync is already running for this device; wait for it to finish and try again.',
  };
  constructor(readonly holderPid: number) {
    super(`sync lock held by process ${holderPid}`);
    this.name = 'LockBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileLock implements Lock {
  constructor(private readonly dir: string) {}

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const file = join(this.dir, `${name}.lock`);
    this.acquire(file);
    try {
      return await fn();
    } finally {
      unlinkSync(file);
    }
  }

  private acquire(file: string): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new LockBusyError(holder);
        unlinkSync(file); // the holder died (kill -9): its lock is stale
      }
    }
    throw new LockBusyError(-1);
  }
}
