import { ENTITY_NAMES, type EntityName } from '../change/op';
import type { EntitySchema, FieldDef } from './schema';
import { attachmentSchema } from './entities/attachment';
import { clusterSchema } from './entities/cluster';
import { commissionerSchema } from './entities/commissioner';
import { demandSchema } from './entities/demand';
import { divisionSchema } from './entities/division';
import { enterpriseSchema } from './entities/enterprise';
import { industrySchema } from './entities/industry';
import { noticeSchema } from './entities/notice';
import { visitSchema } from './entities/visit';
import { workstationSchema } from './entities/workstation';

/** Bump when a field is added, removed or changes meaning; ops carry it so older readers park what they do not know. */
// 2: demand.reviewNote (审核意见, the reason of a move to 退回 or 关闭).
export const SCHEMA_VERSION = 2;

export const SCHEMAS: Readonly<Record<EntityName, EntitySchema>> = {
  division: divisionSchema,
  industry: industrySchema,
  cluster: clusterSchema,
  enterprise: enterpriseSchema,
  demand: demandSchema,
  commissioner: commissionerSchema,
  workstation: workstationSchema,
  visit: visitSchema,
  attachment: attachmentSchema,
  notice: noticeSchema,
};

export function isEntityName(s: unknown): s is EntityName {
  return typeof s === 'string' && (ENTITY_NAMES as readonly string[]).includes(s);
}

export function getSchema(entity: EntityName): EntitySchema {
  const schema = SCHEMAS[entity];
  if (!schema) throw new Error(`unknown entity ${String(entity)}`);
  return schema;
}

export function getField(entity: EntityName, field: string): FieldDef | undefined {
  return getSchema(entity).fields.find((f) => f.name === field);
}
