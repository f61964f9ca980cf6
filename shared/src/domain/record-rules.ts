/**
 * Rules over a whole record, as shared code: the renderer's and the device's write path check a record with them
 * before it is stored, and the server checks the merged record on ingest (a forged client cannot get past by sending
 * each field valid on its own).
 *
 *  - the record's county field names a county inside its owner's scope, and the county its ops travel under;
 *  - the township lies in that county;
 *  - the required-to-verify fields are present once the status says verified or later.
 */
import type { EntityName, JsonValue } from '../change/op';
import { getDivision } from './divisions';
import type { FieldError } from './messages';
import { getSchema } from './registry';
import type { Bilingual } from './schema';
import { countyInScope, type OfficeScope } from './scope';
import { missingToVerify, validateRecord, type RecordValues } from './validate';

export type RecordRuleCode =
  /** The county field names a county outside the writer's scope. */
  | 'RECORD_COUNTY_OUT_OF_SCOPE'
  /** The county field differs from the county the record's ops travel under (the record's owner). */
  | 'RECORD_COUNTY_MISMATCH'
  /** The township lies in another county. */
  | 'TOWNSHIP_NOT_IN_COUNTY'
  /** A status at or after verification with required fields still missing. */
  | 'REQUIRED_TO_VERIFY';

export interface RecordProblem {
  code: RecordRuleCode;
  field: string;
  message: Bilingual;
  /** The field-level errors behind REQUIRED_TO_VERIFY. */
  missing?: FieldError[];
}

export interface RecordRuleContext {
  /** The writer's scope (from its certificate once enrolled). */
  scope: OfficeScope;
  /** The county the record's ops carry (op.county); the record's county field must equal it. */
  opCounty?: string;
}

const countyName = (code: string): string => getDivision(code)?.name ?? code;

/** Every record-level problem of `record` (the whole record, after the edit); empty when it may be stored. */
export function checkRecordRules(entity: EntityName, record: RecordValues, ctx: RecordRuleContext): RecordProblem[] {
  const schema = getSchema(entity);
  const problems: RecordProblem[] = [];
  const countyField = schema.ownedBy === 'county' ? schema.countyField : undefined;
  const county = countyField ? record[countyField] : undefined;
  if (countyField && typeof county === 'string' && county !== '') {
    if (!countyInScope(ctx.scope, county)) {
      problems.push({
        code: 'RECORD_COUNTY_OUT_OF_SCOPE',
        field: countyField,
        message: {
          zh: `记录属于${countyName(county)}，不在本单位的管辖范围（${countyName(ctx.scope.code)}）内，不能由本单位录入`,
          en: `The record belongs to ${countyName(county)} (${county}), outside this office's scope (${ctx.scope.code})`,
        },
      });
    } else if (ctx.opCounty !== undefined && ctx.opCounty !== county) {
      problems.push({
        code: 'RECORD_COUNTY_MISMATCH',
        field: countyField,
        message: {
          zh: `记录的「所属县」是${countyName(county)}，但它按${countyName(ctx.opCounty)}的记录提交`,
          en: `The record's county is ${county}, but its changes are sent as county ${ctx.opCounty}`,
        },
      });
    }
  }
  for (const e of validateRecord(entity, record)) {
    if (e.code === 'TOWNSHIP_NOT_IN_COUNTY') problems.push({ code: e.code, field: e.field, message: e.message });
  }
  const missing = missingUnlessUnverified(entity, record);
  if (missing.length > 0) {
    problems.push({
      code: 'REQUIRED_TO_VERIFY',
      field: missing[0]!.field,
      missing,
      message: {
        zh: `需求已是核实及以后的状态，但还缺少：${missing.map((m) => `「${labelOf(entity, m.field).zh}」`).join('')}`,
        en: `The record is verified or later but lacks: ${missing.map((m) => `"${labelOf(entity, m.field).en}"`).join(', ')}`,
      },
    });
  }
  return problems;
}

/** The required fields missing from a record whose status says verified or later; empty for a draft. */
function missingUnlessUnverified(entity: EntityName, record: RecordValues): FieldError[] {
  const stage = getSchema(entity).verifyStage;
  if (!stage) return [];
  const status: JsonValue | undefined = record[stage.statusField];
  if (typeof status !== 'string' || stage.unverified.includes(status)) return [];
  return missingToVerify(entity, record);
}

function labelOf(entity: EntityName, field: string): Bilingual {
  return getSchema(entity).fields.find((f) => f.name === field)?.labels ?? { zh: field, en: field };
}
