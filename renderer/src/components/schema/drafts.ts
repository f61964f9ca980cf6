/**
 * Kept drafts: what a clerk typed into a form and has not saved yet survives leaving the form (the sidebar,
 * 返回列表, a reload, a crash) and is offered again when the same form opens. A draft holds only the fields
 * that differ from what the form started with, so an edit draft does not freeze fields others change meanwhile.
 * Saving or 取消 ends it. Kept in localStorage (small, per profile, survives a restart); never synced.
 */
import type { JsonValue } from '@shared/change/op';

export type DraftValues = Record<string, JsonValue>;

export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'linkdesk.draft:';

/** One key per form: the entity, the record (or `new`, or `new-from-<source id>` for a derived record). */
export function draftKey(entity: string, recordId: string | null, origin?: string): string {
  return `${PREFIX}${entity}:${recordId ?? (origin ? `new-from-${origin}` : 'new')}`;
}

function store(): DraftStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked: forms still work, only without kept drafts
  }
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `values` that differ from `initial` (an untouched form has an empty draft). */
export function draftOf(initial: Readonly<DraftValues>, values: Readonly<Record<string, JsonValue | undefined>>) {
  const out: DraftValues = {};
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && !same(value, initial[name])) out[name] = value;
  // a field cleared by the clerk is part of the draft too
  for (const name of Object.keys(initial))
    if (!(name in out) && name in values && values[name] === undefined && initial[name] !== null) out[name] = null;
  return out;
}

export function readDraft(key: string, s: DraftStore | null = store()): DraftValues | null {
  const text = s?.getItem(key);
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return Object.keys(parsed).length > 0 ? (parsed as DraftValues) : null;
  } catch {
    return null;
  }
}

/** Keeps the draft, or forgets it when nothing differs any more. */
export function writeDraft(key: string, draft: DraftValues, s: DraftStore | null = store()): void {
  if (!s) return;
  try {
    if (Object.keys(draft).length === 0) s.removeItem(key);
    else s.setItem(key, JSON.stringify(draft));
  } catch {
    // a full or blocked storage must never stop typing
  }
}

export function clearDraft(key: string, s: DraftStore | null = store()): void {
  try {
    s?.removeItem(key);
  } catch {
    // nothing to do
  }
}
