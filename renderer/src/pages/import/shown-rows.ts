/**
 * The rows a record list currently shows (after search and filters), published by the list so the export
 * button exports exactly what is on screen without reaching into the list's state.
 */
import type { EntityName } from '@shared/change/op';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ShownRow } from '../../spreadsheet/exports';

interface ShownState {
  byEntity: Partial<Record<EntityName, readonly ShownRow[]>>;
}

export const useShownStore = create<ShownState>(() => ({ byEntity: {} }));

/** Called by a list with the rows it shows; kept until the list shows others. */
export function usePublishShown(entity: EntityName, rows: readonly ShownRow[] | undefined): void {
  useEffect(() => {
    useShownStore.setState((s) => ({ byEntity: { ...s.byEntity, [entity]: rows ?? [] } }));
  }, [entity, rows]);
}

export function useShownRows(entity: EntityName): readonly ShownRow[] {
  return useShownStore((s) => s.byEntity[entity] ?? EMPTY);
}

const EMPTY: readonly ShownRow[] = [];
