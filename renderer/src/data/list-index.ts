/**
 * One RecordIndex per entity, kept for the whole session (module level): built once from the database, then
 * updated from the repositories' change events. A write names its records, so only those are read back and
 * re-indexed; an event without record ids (a sync, a restore) rebuilds the entity's index.
 */
import type { EntityName } from '@shared/change/op';
import { useSyncExternalStore } from 'react';
import { onChange, repos, valuesOf, type ChangeEvent, type Repositories } from '../storage/repositories';
import type { RecordRow } from '../storage/rows';
import { RecordIndex, type ListRow } from './record-index';

interface Entry {
  index: RecordIndex | null;
  /** True while the index holds only the newest records (the first screen), before the full load lands. */
  partial: boolean;
  /** Why the last load or update failed (shown on the list), null when it worked. */
  error: string | null;
  /** Updates run one after another, in event order. */
  queue: Promise<void>;
  listeners: Set<() => void>;
  /** Moves on after every update, so views re-render. */
  stamp: number;
}

const entries = new Map<EntityName, Entry>();
let unsubscribe: (() => void) | null = null;
/** The repositories the indexes were read from: others (a test's fresh database) start afresh. */
let source: Repositories | null = null;

export function toListRow(row: RecordRow): ListRow {
  return { id: row.recordId, values: valuesOf(row), updatedAt: row.updatedAt };
}

function entryOf(entity: EntityName): Entry {
  if (source !== repos()) {
    resetListIndexes();
    source = repos();
  }
  let entry = entries.get(entity);
  if (!entry) {
    entry = { index: null, partial: false, error: null, queue: Promise.resolve(), listeners: new Set(), stamp: 0 };
    entries.set(entity, entry);
    unsubscribe ??= onChange(onEvent);
    enqueue(entity, entry, rebuild);
  }
  return entry;
}

function enqueue(entity: EntityName, entry: Entry, step: (entity: EntityName, entry: Entry) => Promise<void>): void {
  entry.queue = entry.queue
    .then(() => step(entity, entry))
    .then(
      () => {
        entry.error = null;
      },
      (e: unknown) => {
        console.error(`list index of ${entity}`, e);
        entry.error = e instanceof Error ? e.message : String(e);
      },
    )
    .then(() => publish(entry));
}

function publish(entry: Entry): void {
  entry.stamp += 1;
  for (const l of entry.listeners) l();
}

/** Records on the first screen, read before the whole list so a large list opens at once. */
const FIRST_SCREEN = 200;

async function rebuild(entity: EntityName, entry: Entry): Promise<void> {
  if (!entry.index) {
    // The newest records come from one index range in milliseconds; reading all 100k takes seconds.
    const newest = await repos().records.newest(entity, FIRST_SCREEN);
    if (newest.length === FIRST_SCREEN) {
      entry.index = new RecordIndex(entity, newest.map(toListRow));
      entry.partial = true;
      publish(entry);
    }
  }
  const rows = await repos().records.list(entity);
  // the list shows at once (a search scans meanwhile); the search posting lists are built in idle slices
  const index = new RecordIndex(entity, rows.map(toListRow), { background: true });
  entry.index = index;
  entry.partial = false;
  indexInSlices(index);
}

function indexInSlices(index: RecordIndex): void {
  if (index.indexMore(SLICE_MS)) return;
  setTimeout(() => indexInSlices(index), 0);
}

/** Work per slice of background indexing: short enough that a keystroke waits at most about this long. */
const SLICE_MS = 8;

function onEvent(event: ChangeEvent): void {
  if (event.entity === 'operators' || event.entity === 'settings') return;
  const entry = entries.get(event.entity);
  if (!entry) return;
  const ids = event.recordIds ?? (event.recordId !== undefined ? [event.recordId] : undefined);
  if (!ids) {
    enqueue(event.entity, entry, rebuild);
    return;
  }
  enqueue(event.entity, entry, async (entity) => {
    const rows = await repos().records.getMany(entity, ids);
    const index = entry.index;
    if (!index) return rebuild(entity, entry);
    index.upsert(rows.filter((r): r is RecordRow => r !== undefined && !r.deleted).map(toListRow));
    index.remove(ids.filter((_, i) => rows[i] === undefined || rows[i]!.deleted));
  });
}

/**
 * The entity's index; undefined until first built. Re-renders when it changes (`version` moves on). `partial`:
 * only the newest records are in yet (a large list's first screen); the rest follow.
 */
export function useRecordIndex(entity: EntityName): { index: RecordIndex | undefined; version: number; partial: boolean; error: string | null } {
  const entry = entryOf(entity);
  const version = useSyncExternalStore(
    (listener) => {
      entry.listeners.add(listener);
      return () => entry.listeners.delete(listener);
    },
    () => entry.stamp,
  );
  return { index: entry.index ?? undefined, version, partial: entry.partial, error: entry.error };
}

/** Resolves once every update queued so far has been applied (tests). */
export async function indexSettled(entity: EntityName): Promise<RecordIndex> {
  const entry = entryOf(entity);
  await entry.queue;
  return entry.index!;
}

/** Forgets every index (tests, or after the database was replaced). */
export function resetListIndexes(): void {
  entries.clear();
  source = null;
  unsubscribe?.();
  unsubscribe = null;
}
