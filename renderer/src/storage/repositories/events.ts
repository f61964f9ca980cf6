/** After a write commits, the repositories say which record changed; lists and the header listen. */
import type { EntityName } from '@shared/change/op';

export interface ChangeEvent {
  entity: EntityName | 'operators' | 'settings';
  recordId?: string;
}

type Listener = (event: ChangeEvent) => void;
const listeners = new Set<Listener>();

export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitChange(event: ChangeEvent): void {
  for (const l of listeners) l(event);
}
