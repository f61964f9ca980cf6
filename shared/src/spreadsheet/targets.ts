/**
 * What a spreadsheet column can fill. Importing entity E fills E's own fields; the 企业技术需求调查表 carries the
 * organisation and the demand in one row, so a demand import also fills enterprise fields (its "companion").
 */
import type { EntityName } from '../change/op';
import { getSchema, matchHeader, type Bilingual, type FieldDef } from '../domain';

export interface ColumnTarget {
  entity: EntityName;
  field: string;
}

/** Entities whose fields may ride along in the rows of an import of `entity`. */
export const COMPANIONS: Partial<Record<EntityName, readonly { entity: EntityName; via: string }[]>> = {
  // demand.enterprise is a reference: its cells (企业名称 / 统一社会信用代码) describe the enterprise itself.
  demand: [{ entity: 'enterprise', via: 'enterprise' }],
};

/** Fields a demand row and its enterprise share: when the enterprise has no own column, it takes the demand's value. */
export const SHARED_WITH_COMPANION: readonly string[] = ['county', 'township', 'cluster', 'industry'];

/** Column titles that are known and carry nothing to import (row numbers, remarks, our own error column). */
const IGNORED_HEADERS = /^(序号|编号|行号|no\.?|#|备注|说明|错误原因)$/i;

export function isIgnoredHeader(normalized: string): boolean {
  return IGNORED_HEADERS.test(normalized);
}

export function targetEntities(entity: EntityName): EntityName[] {
  return [entity, ...(COMPANIONS[entity] ?? []).map((c) => c.entity)];
}

/** The field a header names when importing `entity` (own fields first; the companion's for a reference column). */
export function matchTarget(entity: EntityName, header: string): ColumnTarget | null {
  const own = matchHeader(entity, header);
  for (const c of COMPANIONS[entity] ?? []) {
    if (own !== null && own !== c.via) continue;
    const f = matchHeader(c.entity, header);
    if (f !== null) return { entity: c.entity, field: f };
  }
  return own === null ? null : { entity, field: own };
}

export function targetDef(t: ColumnTarget): FieldDef | undefined {
  return getSchema(t.entity).fields.find((f) => f.name === t.field);
}

export function sameTarget(a: ColumnTarget | null, b: ColumnTarget | null): boolean {
  return a !== null && b !== null && a.entity === b.entity && a.field === b.field;
}

export interface TargetChoice {
  target: ColumnTarget;
  labels: Bilingual;
  required: boolean;
}

/** Every field a user may assign a column to, for the mapping editor (system fields and companions' references excluded). */
export function mappableTargets(entity: EntityName): TargetChoice[] {
  const out: TargetChoice[] = [];
  const companions = COMPANIONS[entity] ?? [];
  for (const e of targetEntities(entity)) {
    const schema = getSchema(e);
    for (const f of schema.fields) {
      if (f.system || f.kind === 'attachments') continue;
      if (e === entity && companions.some((c) => c.via === f.name)) continue;
      if (e !== entity && SHARED_WITH_COMPANION.includes(f.name)) continue;
      const prefix = e === entity ? null : schema.labels;
      out.push({
        target: { entity: e, field: f.name },
        labels: prefix ? { zh: `${prefix.zh}·${f.labels.zh}`, en: `${prefix.en} · ${f.labels.en}` } : f.labels,
        required: f.required,
      });
    }
  }
  return out;
}
