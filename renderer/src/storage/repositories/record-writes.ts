/**
 * The per-record steps of the write path, shared by `save` (one record) and `saveMany` (a batch):
 * plan an edit and find unique values already taken (both with the shared write rules, the same as the headless
 * client's and the server's), and turn ops into the rows to store. Nothing here touches the database.
 */
import { applyOps } from '@shared/change/merge';
import { recordKey, type MergeState } from '@shared/change/merge-state';
import { TOMBSTONE_FIELD, type EntityName, type JsonValue, type Op } from '@shared/change/op';
import { isKnownField } from '@shared/domain';
import {
  findDuplicates as findSharedDuplicates,
  planRecordEdit,
  type EditRules,
  type UniqueClaim,
} from '@shared/domain/write-rules';
import { toRecordRow, toRecordState, type OplogRow, type OutboxRow, type RecordRow } from '../rows';
import { refusalError, RepositoryError, type DuplicateError } from './errors';
import { valuesOf, type Values } from './values';

export type { UniqueClaim };

/** One record's edit, validated and ready to become ops. */
export interface PlannedEdit {
  entity: EntityName;
  recordId: string;
  current: RecordRow | undefined;
  /** Only the fields that change. */
  edits: Values;
  /** The whole record after the edit. */
  after: Values;
}

export type PlanOptions = EditRules;

/**
 * Plans one record's edit with the shared write rules; null when an existing record would not change. Throws
 * ValidationError (schema messages), TransitionRefused (a status move the state machine does not allow) or
 * ScopeRefused (a record outside the office's scope).
 */
export function planEdit(
  entity: EntityName,
  recordId: string,
  current: RecordRow | undefined,
  changes: Readonly<Record<string, JsonValue | undefined>>,
  options: PlanOptions,
): PlannedEdit | null {
  const verdict = planRecordEdit(
    entity,
    current ? { values: valuesOf(current), deleted: current.deleted } : null,
    changes,
    options,
  );
  if (!verdict.ok) throw refusalError(verdict.refusal);
  return verdict.plan ? { entity, recordId, current, ...verdict.plan } : null;
}

/**
 * Duplicates among `claims` (by index): a value already held by another live record in `holders`
 * (the stored records holding any claimed key), or claimed by an earlier edit of the same batch.
 */
export function findDuplicates(
  claims: readonly UniqueClaim[],
  holders: readonly RecordRow[],
): Map<number, DuplicateError> {
  const found = findSharedDuplicates(
    claims,
    holders.filter((h) => !h.deleted).map((h) => ({ entity: h.entity, recordId: h.recordId, values: valuesOf(h) })),
  );
  return new Map([...found].map(([index, refusal]) => [index, refusalError(refusal) as DuplicateError]));
}

export interface RowsToWrite {
  records: RecordRow[];
  outbox: OutboxRow[];
  oplog: OplogRow[];
}

/** Merges each record's ops into it and makes the record, outbox and op-log rows to store. */
export function rowsFor(writes: ReadonlyArray<{ current: RecordRow | undefined; ops: readonly Op[] }>): RowsToWrite {
  const state: MergeState = { records: new Map(), parked: new Map() };
  for (const w of writes)
    if (w.current) state.records.set(recordKey(w.current.entity, w.current.recordId), toRecordState(w.current));
  const all = writes.flatMap((w) => w.ops);
  const merged = applyOps(state, all, { isKnownField });
  if (merged.rejected.length > 0)
    throw new RepositoryError('VALIDATION', merged.rejected.map((r) => r.reason).join('; '));
  const records = writes.map((w) => toRecordRow(state.records.get(recordKey(w.ops[0]!.entity, w.ops[0]!.recordId))!));
  const outbox: OutboxRow[] = all.map((op) => ({ opId: op.opId, op, status: 'pending', seq: null, hlc: op.hlc }));
  const oplog: OplogRow[] = writes.flatMap((w) =>
    w.ops.map((op) => ({
      opId: op.opId,
      entity: op.entity,
      recordId: op.recordId,
      hlc: op.hlc,
      op,
      prev: w.current?.fields[op.field]?.value ?? (op.field === TOMBSTONE_FIELD ? false : null),
      origin: 'local' as const,
    })),
  );
  return { records, outbox, oplog };
}
