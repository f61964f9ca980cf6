/**
 * Fault injection around the sync ports. Transport faults model a flaky network; CrashingStore models the
 * client process dying between any two store operations (before one commits, or just after).
 */
import { SyncError, type PushResult, type SyncStore, type Transport } from '@shared/sync';

export type TransportFault = 'none' | 'dropRequest' | 'dropResponse' | 'duplicate' | 'reorder' | 'delay';
export const TRANSPORT_FAULTS: readonly TransportFault[] = [
  'none',
  'dropRequest',
  'dropResponse',
  'duplicate',
  'reorder',
  'delay',
];

const networkDown = (what: string): SyncError => new SyncError('NETWORK', { injected: what });

/**
 * Each call takes the next fault from `next()`:
 * - dropRequest: the request never reaches the server;
 * - dropResponse: the server processes it, the answer is lost;
 * - duplicate: the request reaches the server twice; the client sees the second answer;
 * - reorder: the request is held back and reaches the server only after the NEXT request;
 * - delay: the answer comes late (a macrotask later).
 */
export class FaultyTransport implements Transport {
  private held: (() => Promise<unknown>)[] = [];
  readonly log: TransportFault[] = [];

  constructor(
    private readonly inner: Transport,
    private readonly next: () => TransportFault,
  ) {}

  push(bytes: Uint8Array): Promise<PushResult> {
    return this.call(() => this.inner.push(bytes));
  }

  pull(bytes: Uint8Array): Promise<Uint8Array> {
    return this.call(() => this.inner.pull(bytes));
  }

  /** Delivers requests still held back (the network finally lets them through). */
  async flush(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const send of held) await send().catch(() => undefined);
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    const fault = this.next();
    this.log.push(fault);
    const late = this.held;
    this.held = [];
    try {
      switch (fault) {
        case 'dropRequest':
          throw networkDown('request dropped');
        case 'dropResponse':
          await send().catch(() => undefined);
          throw networkDown('response dropped');
        case 'duplicate':
          await send().catch(() => undefined);
          return await send();
        case 'reorder':
          this.held.push(send);
          throw networkDown('request held back');
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, 0));
          return await send();
        default:
          return await send();
      }
    } finally {
      for (const s of late) await s().catch(() => undefined);
    }
  }
}

export class Crash extends Error {
  constructor(readonly where: string) {
    super(`injected crash ${where}`);
    this.name = 'Crash';
  }
}

const STORE_METHODS = [
  'identity',
  'unsealedOps',
  'heldOps',
  'holdBack',
  'discardHeld',
  'chainTip',
  'sealPackage',
  'pendingPackages',
  'acknowledge',
  'cursor',
  'applyPage',
  'markSynced',
  'counters',
] as const;

/**
 * Wraps a store so that the `crashAt`-th operation crashes the client: before it runs ('before') or after it
 * committed ('after'). The inner store is the durable state that survives the crash.
 */
export function crashingStore(inner: SyncStore, crashAt: number, when: 'before' | 'after'): SyncStore {
  let count = 0;
  const wrapped = {} as Record<string, unknown>;
  for (const name of STORE_METHODS) {
    wrapped[name] = async (...args: unknown[]) => {
      count++;
      if (count === crashAt && when === 'before') throw new Crash(`before ${name}`);
      const result = await (inner[name] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      if (count === crashAt && when === 'after') throw new Crash(`after ${name}`);
      return result;
    };
  }
  return wrapped as unknown as SyncStore;
}

export const noLock = { withLock: <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn() };
