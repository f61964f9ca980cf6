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
 * Hand-written, not a search library (flexsearch was dropped): results must be exactly the substring matches within
 * the schema's filters, newest first, updated per write — record-index.test.ts pins it, and
 * test/bench/workbench.bench.ts times the search at 100k records.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import type { Values } from '../storage/repositories/values';

export interface ListRow {
  id: string;
  values: Values;
  updatedAt: string;
  /** The names of the records it refers to (a demand's enterprise), searched along with its own text. */
  refTitles?: readonly string[];
}

export type Filters = Readonly<Record<string, JsonValue | undefined>>;

const SEARCHABLE_KINDS = new Set(['text', 'longtext', 'creditCode', 'keywords']);
/** Separates values in the searchable text, so no match spans two fields. */
const SEPARATOR = '\u0001';

/** A growable sorted list of slot numbers. */
class Postings {
  data = new Int32Array(4);
  length = 0;
  /** Adds a slot once (slots arrive in ascending order, so a repeat is always the last one). */
  add(slot: number): void {
    if (this.length > 0 && this.data[this.length - 1] === slot) return;
    this.push(slot);
  }
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
  /** Character (code unit) and bigram (code unit pair) → slots; see gramKey. */
  private grams = new Map<number, Postings>();
  /** Slots below this have their grams indexed; search scans the rest (indexing can run in the background). */
  private indexedUpTo = 0;
  private byField = new Map<string, Map<string, Postings>>();
  private readonly searchable: readonly string[];
  private dead = 0;
  /** While true, added records wait for indexMore (the first build, when asked to index in the background). */
  private deferring = false;
  /** Bumped on every change, so views know to query again. */
  version = 0;
  private everything: { version: number; rows: ListRow[] } | null = null;

  constructor(
    readonly entity: EntityName,
    rows: readonly ListRow[] = [],
    options: { background?: boolean } = {},
  ) {
    this.searchable = getSchema(entity)
      .fields.filter((f) => SEARCHABLE_KINDS.has(f.kind))
      .map((f) => f.name);
    this.deferring = options.background ?? false;
    this.upsert(rows);
    this.deferring = false;
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
    // the whole list (search box cleared) is asked for often and changes only with the records
    if (words.length === 0 && active.length === 0 && this.everything?.version === this.version) return this.everything.rows;
    let driver: Postings | null = null;
    const consider = (list: Postings | undefined): boolean => {
      if (!list || list.length === 0) return false;
      if (!driver || list.length < driver.length) driver = list;
      return true;
    };
    const gramsReady = this.indexedUpTo >= this.docs.length;
    const listOf = new Map<string, Postings>();
    if (gramsReady) {
      for (const word of words) {
        const list = this.rarestGram(word);
        if (!consider(list)) return [];
        listOf.set(word, list!);
      }
    }
    for (const [field, wanted] of active) if (!consider(this.fieldPostings(field).get(keyOf(wanted)))) return [];
    const out: ListRow[] = [];
    // a word of one or two characters is exactly its gram's posting list: when that list drives, no need to verify it
    const verify = words.filter((w) => !(w.length <= 2 && listOf.get(w) === driver));
    const accept = (doc: Doc | null): void => {
      if (!doc) return;
      for (const w of verify) if (!doc.text.includes(w)) return;
      for (const [field, wanted] of active) if (!matches(doc.row.values[field], wanted)) return;
      out.push(doc.row);
    };
    const list = driver as Postings | null;
    if (list) {
      for (let i = list.length - 1; i >= 0; i--) accept(this.docs[list.data[i]!]!);
    } else {
      for (let slot = this.docs.length - 1; slot >= 0; slot--) accept(this.docs[slot]!);
    }
    if (words.length === 0 && active.length === 0) this.everything = { version: this.version, rows: out };
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
    const text = this.textOf(row);
    this.docs.push({ row, text });
    this.slotOf.set(row.id, slot);
    if (!this.deferring && this.indexedUpTo === slot) this.indexGrams(slot);
    for (const [field, map] of this.byField) for (const key of keysOf(row.values[field])) postingsIn(map, key).push(slot);
  }

  /**
   * Indexes the grams of more records for up to `budgetMs` (a new index can answer at once by scanning, and
   * build its posting lists in idle time); returns true when every record is indexed.
   */
  indexMore(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    while (this.indexedUpTo < this.docs.length) {
      this.indexGrams(this.indexedUpTo);
      if ((this.indexedUpTo & 255) === 0 && performance.now() > until) break;
    }
    return this.indexedUpTo >= this.docs.length;
  }

  private indexGrams(slot: number): void {
    const doc = this.docs[slot];
    this.indexedUpTo = slot + 1;
    if (!doc) return;
    const text = doc.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === SEPARATOR_CODE) continue;
      gramPostings(this.grams, c).add(slot);
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : SEPARATOR_CODE;
      if (next !== SEPARATOR_CODE) gramPostings(this.grams, gramKey(c, next)).add(slot);
    }
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
    const indexAll = this.indexedUpTo >= this.docs.length;
    this.docs = [];
    this.slotOf.clear();
    this.grams = new Map();
    this.indexedUpTo = 0;
    this.byField = new Map(fields.map((f) => [f, new Map()]));
    this.dead = 0;
    for (const row of live) this.add(row);
    if (indexAll) this.indexMore(Infinity);
  }

  /** The shortest posting list among the word's bigrams (its character for one letter); undefined when one has none. */
  private rarestGram(word: string): Postings | undefined {
    let best: Postings | undefined;
    const keys = word.length === 1 ? [word.charCodeAt(0)] : Array.from({ length: word.length - 1 }, (_, i) => gramKey(word.charCodeAt(i), word.charCodeAt(i + 1)));
    for (const key of keys) {
      const list = this.grams.get(key);
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

  private textOf(row: ListRow): string {
    const values: Values = row.values;
    const parts: string[] = [];
    for (const name of this.searchable) {
      const v = values[name];
      if (typeof v === 'string') parts.push(v);
      else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') parts.push(item);
    }
    if (row.refTitles) parts.push(...row.refTitles);
    return parts.join(SEPARATOR).toLowerCase();
  }
}

function postingsIn(map: Map<string, Postings>, key: string): Postings {
  let list = map.get(key);
  if (!list) map.set(key, (list = new Postings()));
  return list;
}

const SEPARATOR_CODE = SEPARATOR.charCodeAt(0);

/** A character is its code unit; a bigram is both code units in one number (above any single code unit). */
const gramKey = (first: number, second: number): number => (first + 1) * 0x10000 + second;

function gramPostings(map: Map<number, Postings>, key: number): Postings {
  let list = map.get(key);
  if (!list) map.set(key, (list = new Postings()));
  return list;
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
