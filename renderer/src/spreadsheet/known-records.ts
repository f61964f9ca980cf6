/** The live local records an import is planned against (natural keys, references written as names). */
import { ENTITY_NAMES, type EntityName } from '@shared/change/op';
import { repos, valuesOf } from '../storage/repositories';
import type { KnownRecord } from './import-job';

export async function loadKnownRecords(entities: readonly EntityName[] = ENTITY_NAMES): Promise<KnownRecord[]> {
  const out: KnownRecord[] = [];
  for (const entity of entities) {
    for (const row of await repos().records.list(entity)) out.push({ entity, id: row.recordId, values: valuesOf(row) });
  }
  return out;
}
