/**
 * A list sorted by one column: numbers, dates and TRLs by value, options in the schema's order (a status in its
 * workflow order), names and places by their shown text in Chinese collation. Empty cells go last either way;
 * ties keep the list's order (newest change first).
 */
import type { JsonValue } from '@shared/change/op';
import type { FieldDef } from '@shared/domain/schema';
import { displayValue, type Titles } from '../components/schema/display';
import type { Lang } from '../i18n';
import type { ListRow } from './record-index';

const collator = new Intl.Collator('zh-CN', { numeric: true });

type Key = number | string | null;

function keyOf(field: FieldDef, value: JsonValue | undefined, lang: Lang, titles: Titles | undefined): Key {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
    return null;
  switch (field.kind) {
    case 'int':
    case 'amount':
    case 'decimal':
    case 'year':
    case 'trl':
      return typeof value === 'number' ? value : Number(value);
    case 'date':
      return String(value);
    case 'enum': {
      const at = field.options?.findIndex((o) => o.code === value) ?? -1;
      return at >= 0 ? at : String(value);
    }
    default:
      return displayValue(field, value, lang, titles);
  }
}

function compare(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

export function sortRows(
  rows: readonly ListRow[],
  field: FieldDef,
  order: 'ascend' | 'descend',
  lang: Lang,
  titles?: Titles,
): ListRow[] {
  const keyed = rows.map((row, at) => ({ row, at, key: keyOf(field, row.values[field.name], lang, titles) }));
  const sign = order === 'ascend' ? 1 : -1;
  keyed.sort((x, y) => {
    if (x.key === null || y.key === null) return x.key === y.key ? x.at - y.at : x.key === null ? 1 : -1;
    return sign * compare(x.key, y.key) || x.at - y.at;
  });
  return keyed.map((k) => k.row);
}
