/**
 * The per-record steps of the write path, shared by `save` (one record) and `saveMany` (a batch):
 * plan an edit (normalise, drop unchanged fields, validate, check the state machine), find unique values
 * already taken, and turn ops into the rows to store. Nothing here touches the database.
 */
import { applyOps } from '@shared/change/merge';
import { recordKey, type MergeState } from '@shared/change/merge-state';
import { TOMBSTONE_FIELD, type EntityName, type JsonValue, type Op } from '@shared/change/op';
import { isKnownField } from '@shared/domain';
import { checkTransition, type Role } from '@shared/domain/status';
import { validateRecord } from '@shared/domain/validate';
import { toRecordRow, toRecordState, type OplogRow, type OutboxRow, type RecordRow } from '../rows';
import { uniqueFieldsOf, uniqueKey } from '../unique';
import { DuplicateError, RepositoryError, TransitionRefused, ValidationError } from './errors';
import { defaultsFor, normalizeChanges, sameValue, titleOf, valuesOf, type Values } from './values';

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

export interface PlanOptions {
  role: Role;
  rewrite?: readonly string[];
}

/** Fields whose changes on an existing record must follow a state machine. */
const STATE_MACHINES: Partial<Record<EntityName, { field: string; check: typeof checkTransition }>> = {
  demand: { field: 'status', check: checkTransition },
};

/**
 * Plans one record's edit; null when an existing record would not change. Throws ValidationError
 * (schema messages) or TransitionRefused (a status move the state machine does not allow).
 */
export function planEdit(
  entity: EntityName,
  recordId: string,
  current: RecordRow | undefined,
  changes: Readonly<Record<string, JsonValue | undefined>>,
  options: PlanOptions,
): PlannedEdit | null {
  const before = current ? valuesOf(current) : {};
  const normalized = normalizeChanges(entity, changes);
  const edits: Values = current === undefined ? { ...defaultsFor(entity, normalized), ...normalized } : normalized;
  for (const name of Object.keys(edits))
    if (sameValue(before[name], edits[name]) && !options.rewrite?.includes(name)) delete edits[name];
  if (Object.keys(edits).length === 0) {
    if (current) return null;
    throw new ValidationError(validateRecord(entity, {}));
  }
  const after: Values = { ...before, ...edits };
  const errors = validateRecord(entity, after);
  if (errors.length > 0) throw new ValidationError(errors);
  if (current && !current.deleted) checkStateMachine(entity, before, edits, options.role);
  return { entity, recordId, current, edits, after };
}

function checkStateMachine(entity: EntityName, before: Values, edits: Values, role: Role): void {
  const machine = STATE_MACHINES[entity];
  if (!machine || !(machine.field in edits)) return;
  const verdict = machine.check(String(before[machine.field] ?? ''), String(edits[machine.field] ?? ''), role);
  if (!verdict.ok) throw new TransitionRefused(verdict.error);
}

/** What a unique check needs of an edit: which record, which fields it sets, its values afterwards. */
export type UniqueClaim = Pick<PlannedEdit, 'entity' | 'recordId' | 'edits' | 'after'>;

interface Key {
  index: number;
  field: string;
  value: string;
  key: string;
}

/** The unique keys each edit takes (credit codes it sets). */
export function claimedKeys(claims: readonly UniqueClaim[]): Key[] {
  const keys: Key[] = [];
  claims.forEach((c, index) => {
    for (const field of uniqueFieldsOf(c.entity)) {
      const value = c.after[field];
      if (!(field in c.edits) || typeof value !== 'string' || value === '') continue;
      keys.push({ index, field, value, key: uniqueKey(c.entity, field, value) });
    }
  });
  return keys;
}

/**
 * Duplicates among `claims` (by index): a value already held by another live record in `holders`
 * (the stored records holding any claimed key), or claimed by an earlier edit of the same batch.
 * A stored holder that the batch itself moves off the value is no clash.
 */
export function findDuplicates(
  claims: readonly UniqueClaim[],
  keys: readonly Key[],
  holders: readonly RecordRow[],
): Map<number, DuplicateError> {
  const found = new Map<number, DuplicateError>();
  const inBatch = new Map(claims.map((c) => [c.recordId, c]));
  const holdersByKey = new Map<string, RecordRow[]>();
  for (const h of holders) for (const k of h.uniq) holdersByKey.set(k, [...(holdersByKey.get(k) ?? []), h]);
  const firstClaim = new Map<string, Key>();
  for (const k of keys) {
    if (found.has(k.index)) continue;
    const claim = claims[k.index]!;
    const stored = (holdersByKey.get(k.key) ?? []).find((h) => {
      if (h.entity !== claim.entity || h.recordId === claim.recordId) return false;
      const moved = inBatch.get(h.recordId);
      return !moved || moved.after[k.field] === k.value;
    });
    if (stored) {
      found.set(
        k.index,
        new DuplicateError({
          field: k.field,
          value: k.value,
          existingId: stored.recordId,
          existingTitle: titleOf(claim.entity, valuesOf(stored)),
        }),
      );
      continue;
    }
    const earlier = firstClaim.get(k.key);
    if (earlier && claims[earlier.index]!.recordId !== claim.recordId) {
      const other = claims[earlier.index]!;
      found.set(
        k.index,
        new DuplicateError({
          field: k.field,
          value: k.value,
          existingId: other.recordId,
          existingTitle: titleOf(other.entity, other.after),
        }),
      );
      continue;
    }
    if (!earlier) firstClaim.set(k.key, k);
  }
  return found;
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
