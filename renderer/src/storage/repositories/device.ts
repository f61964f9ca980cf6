/** This device's id and hybrid clock, kept in `meta` so a restart never issues an earlier timestamp. */
import { createClock, isNodeId, randomNodeId, type HybridClock } from '@shared/change/hlc';
import type { LinkDeskDb } from '../db';

export interface Device {
  id: string;
  clock: HybridClock;
}

export async function loadDevice(db: LinkDeskDb, now: () => number = Date.now): Promise<Device> {
  return db.transaction('rw', db.meta, async () => {
    const stored = (await db.meta.get('deviceId'))?.value;
    const id = isNodeId(stored) ? stored : randomNodeId();
    if (id !== stored) await db.meta.put({ key: 'deviceId', value: id });
    const last = (await db.meta.get('clock'))?.value;
    return { id, clock: createClock(id, now, { last: typeof last === 'string' ? last : null }) };
  });
}
