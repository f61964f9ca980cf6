/**
 * Values a record takes from another one. Schema-driven:
 *  - prefillFrom: a new record made from another section's record (a demand from a visit) links back to it and
 *    takes every field both schemas share by name and kind, plus the derive's own carry/set (the visit's
 *    发现的问题 becomes the demand's problem, its 需求来源 is 走访发现);
 *  - carriedFromEnterprise: choosing an enterprise on a demand or a visit brings its place and its industry
 *    (county, township, cluster, industry), so the dashboard's cluster chart is not all「未填写」.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { defaultValues } from '@shared/domain/index';
import { getField, getSchema } from '@shared/domain/registry';
import type { Values } from '../../storage/repositories';

export interface PrefillRule {
  /** Target field ← source field, for fields named differently in the two schemas. */
  carry?: Readonly<Record<string, string>>;
  /** Fixed values of the new record (its source of information, for one). */
  set?: Readonly<Record<string, JsonValue>>;
}

export function prefillFrom(
  target: EntityName,
  source: EntityName,
  sourceId: string,
  sourceValues: Values,
  rule: PrefillRule = {},
): Values {
  const out: Values = { ...defaultValues(target) };
  for (const f of getSchema(target).fields) {
    if (f.system || f.kind === 'attachments') continue;
    if (f.kind === 'ref' && f.target === source) {
      out[f.name] = sourceId;
      continue;
    }
    const same = getField(source, f.name);
    const value: JsonValue | undefined = sourceValues[f.name];
    if (same && same.kind === f.kind && same.target === f.target && value !== undefined && value !== null)
      out[f.name] = value;
  }
  for (const [to, from] of Object.entries(rule.carry ?? {})) {
    const value = sourceValues[from];
    if (getField(target, to) && value !== undefined && value !== null && value !== '') out[to] = value;
  }
  for (const [to, value] of Object.entries(rule.set ?? {})) if (getField(target, to)) out[to] = value;
  return out;
}

/** What a record's enterprise decides about it. */
export const FROM_ENTERPRISE = ['county', 'township', 'cluster', 'industry'] as const;

/**
 * The values a `target` record takes from its chosen enterprise: the FROM_ENTERPRISE fields the target has (same
 * kind), that the enterprise has filled, and that the target's rules allow next to an enterprise (a visit goes
 * to an enterprise OR a township, so it takes no township).
 */
export function carriedFromEnterprise(target: EntityName, enterprise: Values): Values {
  const schema = getSchema(target);
  const exclusive = new Set(
    (schema.rules ?? []).flatMap((r) => (r.kind === 'exactlyOne' && r.fields.includes('enterprise') ? r.fields : [])),
  );
  const out: Values = {};
  for (const name of FROM_ENTERPRISE) {
    const mine = getField(target, name);
    const theirs = getField('enterprise', name);
    const value = enterprise[name];
    if (!mine || !theirs || mine.kind !== theirs.kind || mine.target !== theirs.target || exclusive.has(name)) continue;
    if (value !== undefined && value !== null && value !== '') out[name] = value;
  }
  // a township picked before belongs to the old county: a new county without a township clears it
  if ('county' in out && !('township' in out) && getField(target, 'township') && !exclusive.has('township'))
    out.township = null;
  return out;
}
