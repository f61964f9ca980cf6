/** A stored value as text for lists, details and history, in the user's language. */
import type { EntityName, JsonValue } from '@shared/change/op';
import { getDivision, pathLabel } from '@shared/domain/divisions';
import type { FieldDef } from '@shared/domain/schema';
import { formatAmount, formatDateLong } from '../../format';
import { pick, translate, type Lang } from '../../i18n';

/** Titles of referenced records by id (enterprise names for demand.enterprise, …). */
export type Titles = ReadonlyMap<string, string>;

/** The entity whose titles name a field's values: its ref target, or the attachment (file names). */
export function titleEntity(field: FieldDef | undefined): EntityName | undefined {
  if (!field) return undefined;
  return field.kind === 'attachments' ? 'attachment' : field.target;
}

export function displayValue(
  field: FieldDef | undefined,
  value: JsonValue | undefined,
  lang: Lang,
  titles?: Titles,
): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return translate(lang, 'common.none');
  if (!field) return typeof value === 'string' ? value : JSON.stringify(value);
  const list = Array.isArray(value) ? value : [value];
  const sep = translate(lang, 'format.listSeparator');
  switch (field.kind) {
    case 'enum':
    case 'multiEnum':
      return list.map((code) => optionText(field, code, lang)).join(sep);
    case 'ref':
    case 'refs':
      return list.map((id) => titles?.get(String(id)) ?? String(id)).join(sep);
    case 'divisionCode':
      return divisionText(String(value), field.level === 'township', lang);
    case 'divisionCodes':
      return list.map((code) => divisionText(String(code), false, lang)).join(sep);
    case 'amount':
      return typeof value === 'number' ? formatAmount(value, lang) : String(value);
    case 'date':
      return formatDateLong(String(value), lang);
    case 'bool':
      return translate(lang, value === true ? 'common.yes' : 'common.no');
    case 'keywords':
      return list.map(String).join(sep);
    case 'attachments':
      // by file name (the attachment's title), never by hash
      return list.map((sha) => titles?.get(String(sha)) ?? String(sha).slice(0, 8)).join(sep);
    default: {
      const text = Array.isArray(value) ? list.map(String).join(sep) : String(value);
      return field.unit ? `${text} ${pick(field.unit, lang)}` : text;
    }
  }
}

function optionText(field: FieldDef, code: JsonValue, lang: Lang): string {
  const option = field.options?.find((o) => o.code === code);
  return option ? pick(option.labels, lang) : String(code);
}

/** A county by its own name; a township with its county (城关镇（清河县）) so it is unambiguous. */
export function divisionText(code: string, township: boolean, lang: Lang): string {
  const d = getDivision(code);
  if (!d) return code;
  if (township && d.parent)
    return translate(lang, 'format.townshipIn', { township: d.name, county: getDivision(d.parent)?.name ?? '' });
  return d.name || pathLabel(code);
}
