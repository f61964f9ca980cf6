/**
 * What each record list was showing — its search, filters and sort — kept for the session in a store, so that
 * opening a record and coming back with 返回列表 (or the sidebar) finds the list as it was left.
 */
import { create } from 'zustand';
import type { Filters } from '../data/record-index';
import type { Section } from './sections';

export interface ListSort {
  field: string;
  order: 'ascend' | 'descend';
}

export interface ListState {
  search: string;
  filters: Filters;
  /** null: newest change first. */
  sort: ListSort | null;
}

export const EMPTY_LIST_STATE: ListState = { search: '', filters: {}, sort: null };

interface ListStore {
  bySection: Partial<Record<Section, ListState>>;
  update: (section: Section, change: Partial<ListState>) => void;
}

export const useListStore = create<ListStore>((set) => ({
  bySection: {},
  update: (section, change) =>
    set((s) => ({
      bySection: { ...s.bySection, [section]: { ...(s.bySection[section] ?? EMPTY_LIST_STATE), ...change } },
    })),
}));

/** The list state of a section and its setter. */
export function useListState(section: Section): [ListState, (change: Partial<ListState>) => void] {
  const state = useListStore((s) => s.bySection[section] ?? EMPTY_LIST_STATE);
  const update = useListStore((s) => s.update);
  return [state, (change) => update(section, change)];
}

/** A click on a column header: ascending, then descending, then back to newest first. */
export function nextSort(current: ListSort | null, field: string): ListSort | null {
  if (!current || current.field !== field) return { field, order: 'ascend' };
  if (current.order === 'ascend') return { field, order: 'descend' };
  return null;
}
