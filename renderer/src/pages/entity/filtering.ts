/** In-memory search and filters over a loaded list (pure; 100k rows filter well within a frame's budget). */
import type { JsonValue } from '@shared/change/op';
import type { ListRow } from '../../data/useRecords';

export interface Indexed {
  row: ListRow;
  /** Lower-cased text of every string value, for substring search (Chinese has no word breaks). */
  text: string;
}

export function indexRows(rows: readonly ListRow[]): Indexed[] {
  return rows.map((row) => ({ row, text: textOf(row.values).toLowerCase() }));
}

function textOf(values: Readonly<Record<string, JsonValue>>): string {
  const parts: string[] = [];
  for (const v of Object.values(values)) {
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number') parts.push(String(v));
    else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') parts.push(item);
  }
  return parts.join('\u0001');
}

export type Filters = Readonly<Record<string, JsonValue | undefined>>;

/** Rows whose text holds every search word and whose fields match every set filter (a list field matches if it contains the value). */
export function applyFilters(indexed: readonly Indexed[], search: string, filters: Filters): ListRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const active = Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const out: ListRow[] = [];
  for (const { row, text } of indexed) {
    if (words.length > 0 && !words.every((w) => text.includes(w))) continue;
    if (!active.every(([field, wanted]) => matches(row.values[field], wanted!))) continue;
    out.push(row);
  }
  return out;
}

function matches(value: JsonValue | undefined, wanted: JsonValue): boolean {
  if (Array.isArray(value)) return value.includes(wanted as string);
  return value === wanted;
}
