// The server's authority over what a package says, checked with the shared rules and the office level and scope of
// the device's certificate (never with anything the device claims in the package):
//  - every string in every op can be stored (no NUL, no lone surrogate): BAD_TEXT;
//  - every status op is a legal move for the device's level, from the value its editor saw (the op's base), and a
//    move to 退回 / 关闭 carries its reason in the same package: STATUS_NOT_ALLOWED / STATUS_REASON_REQUIRED;
//  - every record the package touches keeps the record-level rules (county in scope, township in county, complete
//    once verified): RECORD_INVALID.
// Each refusal names the offending ops (index, opId, record, field) so the device can hold exactly those back.
import { recordKey, type JsonValue, type MergeState, type Op } from '@shared/change';
import {
  checkRecordRules,
  checkStatusMove,
  findBadText,
  getSchema,
  STATUS_FIELDS,
  STATUS_REASON_FIELD,
} from '@shared/domain';
import type { OfficeScope } from '@shared/domain/scope';
import { REASON_MESSAGES, type ReasonCode } from '@shared/package';
import type { PoolClient } from '../db/pool.js';
import { IngestRejection, kebab } from './errors.js';

type Facts = IngestRejection['facts'];

export interface OpProblem {
  index: number;
  opId: string;
  entity: string;
  recordId: string;
  field: string;
  code: string;
  message: { zh: string; en: string };
}

/** The refusal of a package for `reason`, listing (the first 20 of) the offending ops. */
export function authorityRefusal(reason: ReasonCode, problems: readonly OpProblem[], facts: Facts): IngestRejection {
  return new IngestRejection(
    422,
    kebab(reason),
    REASON_MESSAGES[reason],
    { reason, problems: problems.slice(0, 20), count: problems.length },
    facts,
  );
}

const at = (op: Op, index: number) => ({
  index,
  opId: String(op.opId),
  entity: String(op.entity),
  recordId: String(op.recordId),
  field: String(op.field),
});

/** Every string of every op (values of unknown fields and the op's own strings too) must be storable. */
export function checkOpText(ops: readonly Op[], facts: Facts): void {
  const problems: OpProblem[] = [];
  ops.forEach((op, index) => {
    const bad = findBadText(op as unknown as JsonValue);
    if (!bad) return;
    problems.push({
      ...at(op, index),
      code: bad,
      message:
        bad === 'LONE_SURROGATE'
          ? { zh: '含有残缺的字符（孤立的代理项）', en: 'holds a lone surrogate' }
          : { zh: '含有无法保存的控制字符（如空字符）', en: 'holds a control character such as NUL' },
    });
  });
  if (problems.length > 0) throw authorityRefusal('BAD_TEXT', problems, facts);
}

/**
 * Every status op must be a legal move for the device's level from the value its editor saw. That value is the one
 * stamped with the op's baseHlc: an earlier op of the same package, or one in the op log; a base the server cannot
 * find is read as the record's current value. Concurrent legal moves are not refused here: the merge keeps the
 * later one and records a conflict, as for any field.
 */
export async function checkStatusOps(
  client: PoolClient,
  ops: readonly Op[],
  state: MergeState,
  level: OfficeScope['level'],
  facts: Facts,
): Promise<void> {
  const moves = ops.map((op, index) => ({ op, index })).filter(({ op }) => STATUS_FIELDS[op.entity] === op.field);
  if (moves.length === 0) return;
  const bases = await baseValues(
    client,
    ops,
    moves.map((m) => m.op),
  );
  const statusProblems: OpProblem[] = [];
  const reasonProblems: OpProblem[] = [];
  for (const { op, index } of moves) {
    const from = op.baseHlc === null ? null : (bases.get(baseKey(op)) ?? currentValue(state, op));
    const verdict = checkStatusMove({
      from: typeof from === 'string' ? from : null,
      to: typeof op.value === 'string' ? op.value : String(op.value),
      level,
      reason: reasonInPackage(ops, op),
    });
    if (verdict.ok) continue;
    const problem = { ...at(op, index), code: verdict.error.code, message: verdict.error.message };
    (verdict.error.code === 'STATUS_REASON_REQUIRED' ? reasonProblems : statusProblems).push(problem);
  }
  if (statusProblems.length > 0) throw authorityRefusal('STATUS_NOT_ALLOWED', statusProblems, facts);
  if (reasonProblems.length > 0) throw authorityRefusal('STATUS_REASON_REQUIRED', reasonProblems, facts);
}

const baseKey = (op: Pick<Op, 'entity' | 'recordId' | 'field'> & { hlc: string | null }): string =>
  `${op.entity}\u0001${op.recordId}\u0001${op.field}\u0001${op.hlc ?? ''}`;

/** The values stamped with each move's baseHlc: from the package itself, else from the op log. */
async function baseValues(
  client: PoolClient,
  ops: readonly Op[],
  moves: readonly Op[],
): Promise<Map<string, JsonValue>> {
  const found = new Map<string, JsonValue>();
  for (const op of ops) found.set(baseKey(op), op.value);
  const wanted = moves.filter((m) => m.baseHlc !== null && !found.has(baseKey({ ...m, hlc: m.baseHlc })));
  if (wanted.length > 0) {
    const { rows } = await client.query<{
      entity: string;
      record_id: string;
      field: string;
      hlc: string;
      value: JsonValue;
    }>(
      `SELECT o.entity, o.record_id, o.field, o.hlc, o.value
       FROM ops o JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(entity, record_id, field, hlc)
         USING (entity, record_id, field, hlc)`,
      [
        wanted.map((m) => m.entity),
        wanted.map((m) => m.recordId),
        wanted.map((m) => m.field),
        wanted.map((m) => m.baseHlc),
      ],
    );
    for (const r of rows)
      found.set(
        baseKey({ entity: r.entity as Op['entity'], recordId: r.record_id, field: r.field, hlc: r.hlc }),
        r.value,
      );
  }
  const out = new Map<string, JsonValue>();
  for (const m of moves) {
    const v = m.baseHlc === null ? undefined : found.get(baseKey({ ...m, hlc: m.baseHlc }));
    if (v !== undefined) out.set(baseKey(m), v);
  }
  return out;
}

function currentValue(state: MergeState, op: Op): JsonValue | undefined {
  return state.records.get(recordKey(op.entity, op.recordId))?.fields[op.field]?.value;
}

/** The reason written with a status move: the package's own reviewNote op for the same record (the same save). */
function reasonInPackage(ops: readonly Op[], move: Op): JsonValue | undefined {
  let reason: Op | undefined;
  for (const op of ops) {
    if (op.entity !== move.entity || op.recordId !== move.recordId || op.field !== STATUS_REASON_FIELD) continue;
    if (!reason || op.hlc > reason.hlc) reason = op;
  }
  return reason?.value;
}

/**
 * The record-level rules over every record the package touches, after the merge. A problem counts only when the
 * package writes one of the fields behind it: a record stored before a rule existed does not block an unrelated edit.
 */
export function checkTouchedRecords(ops: readonly Op[], merged: MergeState, scope: OfficeScope, facts: Facts): void {
  const written = new Map<string, { fields: Map<string, { op: Op; index: number }> }>();
  ops.forEach((op, index) => {
    const key = recordKey(op.entity, op.recordId);
    const entry = written.get(key) ?? { fields: new Map() };
    entry.fields.set(op.field, { op, index });
    written.set(key, entry);
  });
  const problems: OpProblem[] = [];
  for (const [key, { fields }] of written) {
    const record = merged.records.get(key);
    if (!record || record.deleted || getSchema(record.entity).ownedBy !== 'county') continue;
    const values: Record<string, JsonValue> = {};
    for (const [name, f] of Object.entries(record.fields)) values[name] = f.value;
    const schema = getSchema(record.entity);
    for (const p of checkRecordRules(record.entity, values, { scope, opCounty: record.county })) {
      const behind =
        p.code === 'REQUIRED_TO_VERIFY'
          ? [schema.verifyStage?.statusField ?? '', ...(p.missing ?? []).map((m) => m.field)]
          : p.code === 'TOWNSHIP_NOT_IN_COUNTY'
            ? [p.field, schema.countyField ?? '']
            : [p.field];
      const cause = behind.map((name) => fields.get(name)).find((w) => w !== undefined);
      if (cause) problems.push({ ...at(cause.op, cause.index), code: p.code, message: p.message });
    }
  }
  if (problems.length > 0) throw authorityRefusal('RECORD_INVALID', problems, facts);
}
