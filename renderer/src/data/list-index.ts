/**
 * One RecordIndex per entity, kept for the whole session (module level): built once from the database, then
 * updated from the repositories' change events. A write names its records, so only those are read back and
 * re-indexed; an event without record ids (a sync, a restore) rebuilds the entity's index.
 */
import type { EntityName } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import { useSyncExternalStore } from 'react';
import { onChange, repos, titleOf, valuesOf, type ChangeEvent, type Repositories } from '../storage/repositories';
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

/** Records a list may be searched by through a reference: a demand or a visit by its enterprise's name. */
const SEARCH_THROUGH: readonly EntityName[] = ['enterprise', 'commissioner'];

/** The ref fields of an entity whose targets' names are searched with it. */
function searchedRefs(entity: EntityName): { name: string; target: EntityName }[] {
  return getSchema(entity).fields.flatMap((f) =>
    (f.kind === 'ref' || f.kind === 'refs') && f.target && SEARCH_THROUGH.includes(f.target)
      ? [{ name: f.name, target: f.target }]
      : [],
  );
}

/** id → title of the records of `target`, for the refs searched through. */
export type RefTitles = ReadonlyMap<EntityName, ReadonlyMap<string, string>>;

export function toListRow(row: RecordRow, titles?: RefTitles): ListRow {
  const values = valuesOf(row);
  const out: ListRow = { id: row.recordId, values, updatedAt: row.updatedAt };
  const refTitles = titles ? refTitlesOf(row.entity, values, titles) : [];
  if (refTitles.length > 0) out.refTitles = refTitles;
  return out;
}

function refTitlesOf(entity: EntityName, values: ListRow['values'], titles: RefTitles | undefined): string[] {
  const out: string[] = [];
  for (const ref of searchedRefs(entity)) {
    const v = values[ref.name];
    for (const id of Array.isArray(v) ? v : [v]) {
      const title = typeof id === 'string' ? titles?.get(ref.target)?.get(id) : undefined;
      if (title) out.push(title);
    }
  }
  return out;
}

const sameTitles = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  (a ?? []).join('\u0001') === b.join('\u0001');

async function refTitlesFor(entity: EntityName): Promise<RefTitles | undefined> {
  const targets = [...new Set(searchedRefs(entity).map((r) => r.target))];
  if (targets.length === 0) return undefined;
  const out = new Map<EntityName, Map<string, string>>();
  for (const target of targets) {
    const map = new Map<string, string>();
    for (const row of await repos().records.list(target)) map.set(row.recordId, titleOf(target, valuesOf(row)));
    out.set(target, map);
  }
  return out;
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
      const titles = await refTitlesFor(entity);
      entry.index = new RecordIndex(
        entity,
        newest.map((r) => toListRow(r, titles)),
      );
      entry.partial = true;
      publish(entry);
    }
  }
  const rows = await repos().records.list(entity);
  const titles = await refTitlesFor(entity);
  // the list shows at once (a search scans meanwhile); the search posting lists are built in idle slices
  const index = new RecordIndex(
    entity,
    rows.map((r) => toListRow(r, titles)),
    { background: true },
  );
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
  if (SEARCH_THROUGH.includes(event.entity)) refreshReferrers(event);
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
    const titles = await refTitlesFor(entity);
    index.upsert(rows.filter((r): r is RecordRow => r !== undefined && !r.deleted).map((r) => toListRow(r, titles)));
    index.remove(ids.filter((_, i) => rows[i] === undefined || rows[i]!.deleted));
  });
}

/** A renamed enterprise changes what finds its demands and visits: those records are indexed again. */
function refreshReferrers(event: ChangeEvent): void {
  const ids = event.recordIds ?? (event.recordId !== undefined ? [event.recordId] : undefined);
  for (const [entity, entry] of entries) {
    const refs = searchedRefs(entity).filter((r) => r.target === event.entity);
    if (refs.length === 0 || !entry.index) continue;
    if (!ids) {
      enqueue(entity, entry, rebuild);
      continue;
    }
    enqueue(entity, entry, async () => {
      const index = entry.index;
      if (!index) return;
      const titles = await refTitlesFor(entity);
      const stale = refs.some((ref) =>
        ids.some((id) =>
          index.query('', { [ref.name]: id }).some((row) => !sameTitles(row.refTitles, refTitlesOf(entity, row.values, titles))),
        ),
      );
      // rebuilt rather than updated in place, so the list keeps its order by last change
      if (stale) await rebuild(entity, entry);
    });
  }
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
