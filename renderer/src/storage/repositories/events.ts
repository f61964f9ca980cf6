/** After a write commits, the repositories say which record changed; lists and the header listen. */
import type { EntityName } from '@shared/change/op';
import Dexie from 'dexie';

export interface ChangeEvent {
  entity: EntityName | 'operators' | 'settings';
  recordId?: string;
  /** The records a write changed; absent when anything of the entity may have changed (a sync, a restore). */
  recordIds?: readonly string[];
}

type Listener = (event: ChangeEvent) => void;
const listeners = new Set<Listener>();

export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Listeners run outside any Dexie transaction: a write nested in a wider transaction (an attachment
 * saved with its record) must not lend that transaction's limited table scope to the readers it wakes.
 */
export function emitChange(event: ChangeEvent): void {
  Dexie.ignoreTransaction(() => {
    for (const l of listeners) l(event);
  });
}
