/**
 * An in-memory index over one entity's live records, for a list that stays within one frame at 100,000 rows.
 *
 * - Full-text search: Chinese has no word breaks, so the searchable text (text, long text, credit code and
 *   keyword fields, lower-cased) is indexed by character bigrams and single characters. A query word looks
 *   up the posting list of its rarest gram, and only those candidates are verified by substring.
 * - Filters: per field, value → posting list, built on first use and kept up to date.
 * - Order: each record version gets the next slot number; records are added oldest change first, and a write
 *   makes the newest change, so slots ascend with `updatedAt`. Posting lists are therefore sorted, and
 *   walking them backwards yields newest first. Changing a record frees its old slot (dead until compaction)
 *   and appends a new one: a write updates the index for that record only.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import type { Values } from '../storage/repositories/values';

export interface ListRow {
  id: string;
  values: Values;
  updatedAt: string;
}

export type Filters = Readonly<Record<string, JsonValue | undefined>>;

const SEARCHABLE_KINDS = new Set(['text', 'longtext', 'creditCode', 'keywords']);
/** Separates values in the searchable text, so no match spans two fields. */
const SEPARATOR = '\u0001';

/** A growable sorted list of slot numbers. */
class Postings {
  data = new Int32Array(4);
  length = 0;
  push(slot: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = slot;
  }
}

interface Doc {
  row: ListRow;
  text: string;
}

export class RecordIndex {
  private docs: (Doc | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  private grams = new Map<string, Postings>();
  private byField = new Map<string, Map<string, Postings>>();
  private readonly searchable: readonly string[];
  private dead = 0;
  /** Bumped on every change, so views know to query again. */
  version = 0;

  constructor(
    readonly entity: EntityName,
    rows: readonly ListRow[] = [],
  ) {
    this.searchable = getSchema(entity)
      .fields.filter((f) => SEARCHABLE_KINDS.has(f.kind))
      .map((f) => f.name);
    this.upsert(rows);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Adds or replaces records (given in any order; they are placed by `updatedAt`). */
  upsert(rows: readonly ListRow[]): void {
    const sorted = [...rows].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
    for (const row of sorted) {
      this.drop(row.id);
      this.add(row);
    }
    this.afterChange();
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) this.drop(id);
    this.afterChange();
  }

  get(id: string): ListRow | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.docs[slot]!.row;
  }

  /** Records whose text holds every search word and whose fields match every set filter, newest first. */
  query(search: string, filters: Filters = {}): ListRow[] {
    const words = [...new Set(search.toLowerCase().split(/\s+/).filter(Boolean))];
    const active = Object.entries(filters).filter((e): e is [string, JsonValue] => e[1] !== undefined && e[1] !== null && e[1] !== '');
    let driver: Postings | null = null;
    const consider = (list: Postings | undefined): boolean => {
      if (!list || list.length === 0) return false;
      if (!driver || list.length < driver.length) driver = list;
      return true;
    };
    for (const word of words) if (!consider(this.rarestGram(word))) return [];
    for (const [field, wanted] of active) if (!consider(this.fieldPostings(field).get(keyOf(wanted)))) return [];
    const out: ListRow[] = [];
    const accept = (doc: Doc | null): void => {
      if (!doc) return;
      for (const w of words) if (!doc.text.includes(w)) return;
      for (const [field, wanted] of active) if (!matches(doc.row.values[field], wanted)) return;
      out.push(doc.row);
    };
    const list = driver as Postings | null;
    if (list) {
      for (let i = list.length - 1; i >= 0; i--) accept(this.docs[list.data[i]!]!);
    } else {
      for (let slot = this.docs.length - 1; slot >= 0; slot--) accept(this.docs[slot]!);
    }
    return out;
  }

  /** The distinct values a field holds in live records (list values item by item). */
  presentValues(field: string): JsonValue[] {
    const out: JsonValue[] = [];
    for (const [key, list] of this.fieldPostings(field)) {
      let alive = false;
      for (let i = list.length - 1; i >= 0 && !alive; i--) alive = this.docs[list.data[i]!] !== null;
      if (alive) out.push(key.startsWith('s:') ? key.slice(2) : (JSON.parse(key.slice(2)) as JsonValue));
    }
    return out;
  }

  /** Every live record, newest first. */
  all(): ListRow[] {
    return this.query('');
  }

  private add(row: ListRow): void {
    const slot = this.docs.length;
    const text = this.textOf(row.values);
    this.docs.push({ row, text });
    this.slotOf.set(row.id, slot);
    for (const gram of gramsOf(text)) postingsIn(this.grams, gram).push(slot);
    for (const [field, map] of this.byField) for (const key of keysOf(row.values[field])) postingsIn(map, key).push(slot);
  }

  private drop(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.docs[slot] = null;
    this.slotOf.delete(id);
    this.dead += 1;
  }

  private afterChange(): void {
    this.version += 1;
    if (this.dead > 1000 && this.dead > this.slotOf.size) this.compact();
  }

  /** Rebuilds the posting lists without the dead slots (in memory, same order). */
  private compact(): void {
    const live = this.docs.filter((d): d is Doc => d !== null).map((d) => d.row);
    const fields = [...this.byField.keys()];
    this.docs = [];
    this.slotOf.clear();
    this.grams = new Map();
    this.byField = new Map(fields.map((f) => [f, new Map()]));
    this.dead = 0;
    for (const row of live) this.add(row);
  }

  private rarestGram(word: string): Postings | undefined {
    let best: Postings | undefined;
    for (const gram of word.length === 1 ? [word] : bigramsOf(word)) {
      const list = this.grams.get(gram);
      if (!list) return undefined;
      if (!best || list.length < best.length) best = list;
    }
    return best;
  }

  private fieldPostings(field: string): Map<string, Postings> {
    let map = this.byField.get(field);
    if (!map) {
      map = new Map();
      this.byField.set(field, map);
      this.docs.forEach((doc, slot) => {
        if (doc) for (const key of keysOf(doc.row.values[field])) postingsIn(map!, key).push(slot);
      });
    }
    return map;
  }

  private textOf(values: Values): string {
    const parts: string[] = [];
    for (const name of this.searchable) {
      const v = values[name];
      if (typeof v === 'string') parts.push(v);
      else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') parts.push(item);
    }
    return parts.join(SEPARATOR).toLowerCase();
  }
}

function postingsIn(map: Map<string, Postings>, key: string): Postings {
  let list = map.get(key);
  if (!list) map.set(key, (list = new Postings()));
  return list;
}

/** Single characters and bigrams of a text, each once (none spanning a separator). */
function gramsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === SEPARATOR) continue;
    out.add(c);
    const next = text[i + 1];
    if (next !== undefined && next !== SEPARATOR) out.add(c + next);
  }
  return out;
}

function bigramsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(i, i + 2));
  return out;
}

/** Filter keys of a value: one per item of a list value. */
function keysOf(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return [...new Set(value.map(keyOf))];
  return [keyOf(value)];
}

const keyOf = (v: JsonValue): string => (typeof v === 'string' ? `s:${v}` : `j:${JSON.stringify(v)}`);

function matches(value: JsonValue | undefined, wanted: JsonValue): boolean {
  if (Array.isArray(value)) return value.some((v) => v === wanted);
  return value === wanted;
}
