/**
 * Referential integrity: which records point at a record (a demand or visit at its enterprise, a visit at its
 * commissioners). Deleting a record others depend on says what depends on it before anything is written.
 */
import type { EntityName, JsonValue } from '../change/op';
import { SCHEMAS } from './registry';

/** The ref fields of every entity that point at `target`. */
export function referencingFields(target: EntityName): { entity: EntityName; field: string }[] {
  const out: { entity: EntityName; field: string }[] = [];
  for (const schema of Object.values(SCHEMAS))
    for (const f of schema.fields)
      if ((f.kind === 'ref' || f.kind === 'refs') && f.target === target)
        out.push({ entity: schema.name, field: f.name });
  return out;
}

/** Whether `values[field]` (a ref or a list of refs) names `recordId`. */
export function refersTo(value: JsonValue | undefined, recordId: string): boolean {
  return value === recordId || (Array.isArray(value) && value.includes(recordId));
}
