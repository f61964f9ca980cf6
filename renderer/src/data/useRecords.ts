/** Read hooks over the repositories; they reload when a write to their entity commits. */
import type { EntityName } from '@shared/change/op';
import { useEffect, useState } from 'react';
import { useLang, useT } from '../i18n';
import { onChange, repos, titleOf, valuesOf, type HistoryEntry } from '../storage/repositories';
import type { RecordRow } from '../storage/rows';
import type { ListRow } from './record-index';

export type { ListRow } from './record-index';

function useReload<T>(entities: readonly EntityName[], load: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  // The value is kept with the deps it was loaded for, so a changed id never shows the previous record.
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ key: string; value: T } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const run = async (): Promise<void> => {
      const next = await load();
      if (live) setState({ key, value: next });
    };
    void run();
    const off = onChange((e) => {
      if ((entities as readonly string[]).includes(e.entity)) void run();
    });
    return () => {
      live = false;
      off();
    };
  }, [key]);
  return state?.key === key ? state.value : undefined;
}

/** Live records of an entity, most recently changed first; undefined while loading. */
export function useRecords(entity: EntityName): ListRow[] | undefined {
  return useReload([entity], async () => {
    const rows = await repos().records.list(entity);
    rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    return rows.map((r) => ({ id: r.recordId, values: valuesOf(r), updatedAt: r.updatedAt }));
  }, [entity]);
}

export function useRecord(entity: EntityName, recordId: string | null): RecordRow | null | undefined {
  return useReload([entity], async () => (recordId ? ((await repos().records.get(entity, recordId)) ?? null) : null), [entity, recordId]);
}

export function useHistory(entity: EntityName, recordId: string): HistoryEntry[] | undefined {
  return useReload([entity], () => repos().records.history(entity, recordId), [entity, recordId]);
}

/** entity → (id → title) of every live record of the given entities (for ref columns and pickers). */
export function useTitles(entities: readonly EntityName[]): TitlesByEntity {
  const key = [...entities].sort().join(',');
  const titles = useReload(entities, async () => {
    const byEntity = new Map<EntityName, Map<string, string>>();
    for (const entity of entities) {
      const map = new Map<string, string>();
      for (const row of await repos().records.list(entity)) map.set(row.recordId, titleOf(entity, valuesOf(row)));
      byEntity.set(entity, map);
    }
    return byEntity;
  }, [key]);
  return titles ?? EMPTY;
}

export type TitlesByEntity = ReadonlyMap<EntityName, ReadonlyMap<string, string>>;
const EMPTY: TitlesByEntity = new Map();

/**
 * entity → (id → title) for showing references: every live record, and every deleted one as 「（已删除）<name>」 (a
 * record deleted here or on another device), so no screen shows a raw record id where a name belongs. Pickers keep
 * useTitles (live records only).
 */
export function useRefTitles(entities: readonly EntityName[]): TitlesByEntity {
  const t = useT();
  const lang = useLang();
  const key = [...entities].sort().join(',');
  const titles = useReload(
    entities,
    async () => {
      const byEntity = new Map<EntityName, Map<string, string>>();
      for (const entity of entities) {
        const [live, deleted] = await Promise.all([
          repos().records.list(entity),
          repos().records.listDeleted(entity),
        ]);
        byEntity.set(entity, refTitles(entity, live, deleted, (name) => t('common.deletedRef', { name })));
      }
      return byEntity;
    },
    [key, lang],
  );
  return titles ?? EMPTY;
}

/** Titles of live records, then of deleted ones marked as such. */
export function refTitles(
  entity: EntityName,
  live: readonly RecordRow[],
  deleted: readonly RecordRow[],
  markDeleted: (name: string) => string,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const row of deleted) map.set(row.recordId, markDeleted(titleOf(entity, valuesOf(row))));
  for (const row of live) map.set(row.recordId, titleOf(entity, valuesOf(row)));
  return map;
}
