/**
 * Values a new record starts with when it is made from another one (a demand from a visit): the
 * reference back to the source, plus every field both schemas share by name and kind. Schema-driven.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { defaultValues } from '@shared/domain/index';
import { getField, getSchema } from '@shared/domain/registry';
import type { Values } from '../../storage/repositories';

export function prefillFrom(target: EntityName, source: EntityName, sourceId: string, sourceValues: Values): Values {
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
  return out;
}
