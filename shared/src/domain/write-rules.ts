/**
 * The ONE write path's rules, for every writer: the renderer's repositories, the headless device client's
 * `create`/`update`/`import`, and (through the same record checks) the server. A writer hands in the record as
 * it stands and the changes it wants; these functions normalise the changes, drop what does not change, check
 * the whole record against its schema, the demand state machine for the office's level, the office's scope,
 * and unique values (credit codes), and say which base HLC each edited field builds on.
 *
 * Nothing here stores anything: a refusal is a value ({ code, message, … }) that each writer turns into its
 * own error type, so the same illegal move or duplicate credit code reads the same everywhere.
 */
import type { RecordState } from '../change/merge-state';
import type { EntityName, Hlc, JsonValue } from '../change/op';
import type { FieldError } from './messages';
import { getField, getSchema } from './registry';
import type { Bilingual } from './schema';
import { checkOpScope, PROVINCE_SCOPE, type OfficeScope, type ScopeProblem } from './scope';
import { checkStatusEdit, STATUS_REASON_FIELD, type Role, type TransitionError } from './status';
import { getDivision } from './divisions';
import { normalizeValue } from './normalize';
import { stripUnholdable } from './text';
import { isEmptyValue, validateField, validateRecord } from './validate';

export type Values = Record<string, JsonValue>;

export type WriteRefusalCode = 'VALIDATION' | 'TRANSITION' | 'DUPLICATE' | 'OUT_OF_SCOPE';

export interface DuplicateInfo {
  field: string;
  value: string;
  /** The live record already holding the value. */
  existingId: string;
  existingTitle: string;
}

/** Why a write was refused: a stable code and a message for people, with the details a form needs. */
export type WriteRefusal =
  | { code: 'VALIDATION'; message: Bilingual; errors: FieldError[] }
  | { code: 'TRANSITION'; message: Bilingual; transition: TransitionError }
  | { code: 'DUPLICATE'; message: Bilingual; duplicate: DuplicateInfo }
  | { code: 'OUT_OF_SCOPE'; message: Bilingual; scope: ScopeProblem };

export interface EditRules {
  /** The office level deciding the status moves allowed. */
  role: Role;
  /** The office's scope: when given, a record outside it is refused (a county office writes its own county). */
  scope?: OfficeScope;
  /** Fields to write even when unchanged (confirming a value in conflict review clears the conflict). */
  rewrite?: readonly string[];
}

/** The record as it stands: null for a new record. */
export interface CurrentRecord {
  values: Values;
  deleted: boolean;
}

/** One record's edit, checked and ready to become ops. */
export interface EditPlan {
  /** Only the fields that change. */
  edits: Values;
  /** The whole record after the edit. */
  after: Values;
}

export type EditVerdict = { ok: true; plan: EditPlan | null } | { ok: false; refusal: WriteRefusal };

/** The name a record goes by in lists and messages (its schema's title field). */
export function titleOf(entity: EntityName, values: Values): string {
  const v = values[getSchema(entity).titleField];
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/**
 * The stored form of each change (normalize.ts: credit codes, trimmed text and list items, no NUL or other character
 * a store cannot hold; long text keeps its leading spaces), empty inputs as null (a cleared field), undefined entries
 * dropped.
 */
export function normalizeChanges(entity: EntityName, changes: Readonly<Record<string, JsonValue | undefined>>): Values {
  const out: Values = {};
  for (const [name, raw] of Object.entries(changes)) {
    if (raw === undefined) continue;
    const def = getField(entity, name);
    const v: JsonValue | undefined =
      def?.kind === 'longtext' && typeof raw === 'string'
        ? stripUnholdable(raw).trimEnd()
        : def
          ? normalizeValue(def, raw)
          : raw;
    out[name] = v === undefined || isEmptyValue(v) ? null : v;
  }
  return out;
}

export function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Schema defaults for the fields a new record does not set. */
export function defaultsFor(entity: EntityName, given: Values): Values {
  const out: Values = {};
  for (const f of getSchema(entity).fields) if (f.default !== undefined && !(f.name in given)) out[f.name] = f.default;
  return out;
}

/** The county a record belongs to (its schema's county field); records with none belong to the province. */
export function countyOfRecord(entity: EntityName, values: Values): string {
  const field = getSchema(entity).countyField;
  const v = field ? values[field] : undefined;
  return typeof v === 'string' && v !== '' ? v : PROVINCE_SCOPE;
}

/** The base of each edited field: the HLC of the value the editor saw (null for a new record). */
export function editBase(
  record: RecordState | undefined,
  isNew: boolean,
  fields: readonly string[],
): Record<string, Hlc | null> | null {
  if (isNew) return null;
  return Object.fromEntries(fields.map((f) => [f, record?.fields[f]?.hlc ?? null]));
}

/**
 * Plans one record's edit: normalise, fill defaults on a new record, drop unchanged fields, validate the whole
 * record (text a store can hold, required to verify), check the status rule for the office level (status.ts: the
 * move, its reason, a new record's first status) and the scope. `plan: null` when an existing record would not change.
 * Unique values need the other records: see `findDuplicates`.
 */
export function planRecordEdit(
  entity: EntityName,
  current: CurrentRecord | null,
  changes: Readonly<Record<string, JsonValue | undefined>>,
  rules: EditRules,
): EditVerdict {
  const before = current ? current.values : {};
  const unknown = Object.keys(changes).filter((name) => getField(entity, name) === undefined);
  if (unknown.length > 0) return invalid(unknown.map((name) => validateField(entity, name, changes[name])!));
  const normalized = normalizeChanges(entity, changes);
  const edits: Values = current === null ? { ...defaultsFor(entity, normalized), ...normalized } : normalized;
  for (const name of Object.keys(edits))
    if (sameValue(before[name], edits[name]) && !rules.rewrite?.includes(name)) delete edits[name];
  if (Object.keys(edits).length === 0) {
    if (current) return { ok: true, plan: null };
    return invalid(validateRecord(entity, {}));
  }
  const after: Values = { ...before, ...edits };
  const errors = validateRecord(entity, after);
  if (errors.length > 0) return invalid(errors);
  if (!current?.deleted) {
    // The reason of a move to 退回/关闭 counts when this save writes it, even unchanged (status.ts).
    const reason = STATUS_REASON_FIELD in normalized ? { [STATUS_REASON_FIELD]: normalized[STATUS_REASON_FIELD]! } : {};
    const verdict = checkStatusEdit(entity, current ? before : undefined, { ...edits, ...reason }, rules.role);
    if (!verdict.ok)
      return { ok: false, refusal: { code: 'TRANSITION', message: verdict.error.message, transition: verdict.error } };
  }
  if (rules.scope) {
    const refusal = scopeRefusal(entity, after, rules.scope);
    if (refusal) return { ok: false, refusal };
  }
  return { ok: true, plan: { edits, after } };
}

/** A record outside the office's scope, in words a clerk understands; null when it is the office's own. */
export function scopeRefusal(entity: EntityName, values: Values, scope: OfficeScope): WriteRefusal | null {
  const problem = checkOpScope(scope, { entity, county: countyOfRecord(entity, values) });
  if (!problem) return null;
  const label = getSchema(entity).labels;
  if (problem.code === 'province-owned')
    return {
      code: 'OUT_OF_SCOPE',
      scope: problem,
      message: {
        zh: `${label.zh}由省级维护，本单位不能修改。`,
        en: `${label.en} records are kept by the province; this office cannot change them.`,
      },
    };
  const name = getDivision(problem.county)?.name ?? problem.county;
  const mine = getDivision(scope.code)?.name ?? scope.code;
  return {
    code: 'OUT_OF_SCOPE',
    scope: problem,
    message: {
      zh: `该${label.zh}属于${name}，由${name}科技管理部门录入；本单位只能录入${mine}的记录。请把县（市、区）改为${mine}，或将该${label.zh}的情况告知${name}。`,
      en: `This ${label.en.toLowerCase()} belongs to ${name}, whose office records it; this office records only ${mine}. Change the county to ${mine}, or pass the ${label.en.toLowerCase()} on to ${name}.`,
    },
  };
}

function invalid(errors: FieldError[]): EditVerdict {
  return {
    ok: false,
    refusal: {
      code: 'VALIDATION',
      errors,
      message: {
        zh: `有 ${errors.length} 处需要修改，未保存：${errors.map((e) => e.message.zh).join('；')}`,
        en: `${errors.length} problem(s) must be fixed; nothing was saved: ${errors.map((e) => e.message.en).join('; ')}`,
      },
    },
  };
}

// ── unique values ───────────────────────────────────────────────────────────────────────────────────────────

/** Field kinds whose value identifies a real-world thing, so two live records may not share it. */
const UNIQUE_KINDS = new Set(['creditCode']);

export function uniqueFieldsOf(entity: EntityName): string[] {
  return getSchema(entity)
    .fields.filter((f) => UNIQUE_KINDS.has(f.kind))
    .map((f) => f.name);
}

export const uniqueKey = (entity: string, field: string, value: string): string => `${entity}.${field}=${value}`;

/** The unique keys a live record occupies. */
export function uniqueKeysOfValues(entity: EntityName, values: Values): string[] {
  const keys: string[] = [];
  for (const field of uniqueFieldsOf(entity)) {
    const value = values[field];
    if (typeof value === 'string' && value !== '') keys.push(uniqueKey(entity, field, value));
  }
  return keys;
}

/** What a unique check needs of an edit: which record, which fields it sets, its values afterwards. */
export interface UniqueClaim {
  entity: EntityName;
  recordId: string;
  edits: Values;
  after: Values;
}

/** A stored live record that may hold a claimed value. */
export interface UniqueHolder {
  entity: EntityName;
  recordId: string;
  values: Values;
}

export interface ClaimedKey {
  index: number;
  field: string;
  value: string;
  key: string;
}

/** The unique keys each edit takes (credit codes it sets). */
export function claimedKeys(claims: readonly UniqueClaim[]): ClaimedKey[] {
  const keys: ClaimedKey[] = [];
  claims.forEach((c, index) => {
    for (const field of uniqueFieldsOf(c.entity)) {
      const value = c.after[field];
      if (!(field in c.edits) || typeof value !== 'string' || value === '') continue;
      keys.push({ index, field, value, key: uniqueKey(c.entity, field, value) });
    }
  });
  return keys;
}

/** The refusal of a value another record holds: names the field, the value and the record holding it. */
export function duplicateRefusal(entity: EntityName, info: DuplicateInfo): WriteRefusal & { code: 'DUPLICATE' } {
  const label = getField(entity, info.field)?.labels ?? { zh: info.field, en: info.field };
  const holder = info.existingTitle || info.existingId;
  return {
    code: 'DUPLICATE',
    duplicate: info,
    message: {
      zh: `${label.zh}「${info.value}」已被「${holder}」使用，同一${label.zh}只能登记一次。`,
      en: `${label.en} ${info.value} is already used by "${holder}"; it can be recorded only once.`,
    },
  };
}

/**
 * Duplicates among `claims` (by index): a value already held by another live record in `holders` (the stored
 * records holding any claimed key), or claimed by an earlier edit of the same batch. A stored holder that the
 * batch itself moves off the value is no clash.
 */
export function findDuplicates(
  claims: readonly UniqueClaim[],
  holders: readonly UniqueHolder[],
): Map<number, WriteRefusal & { code: 'DUPLICATE' }> {
  const keys = claimedKeys(claims);
  const found = new Map<number, WriteRefusal & { code: 'DUPLICATE' }>();
  const inBatch = new Map(claims.map((c) => [c.recordId, c]));
  const holdersByKey = new Map<string, UniqueHolder[]>();
  for (const h of holders)
    for (const k of uniqueKeysOfValues(h.entity, h.values)) holdersByKey.set(k, [...(holdersByKey.get(k) ?? []), h]);
  const firstClaim = new Map<string, ClaimedKey>();
  for (const k of keys) {
    if (found.has(k.index)) continue;
    const claim = claims[k.index]!;
    const stored = (holdersByKey.get(k.key) ?? []).find((h) => {
      if (h.entity !== claim.entity || h.recordId === claim.recordId) return false;
      const moved = inBatch.get(h.recordId);
      return !moved || moved.after[k.field] === k.value;
    });
    const earlier = firstClaim.get(k.key);
    const other = stored
      ? { recordId: stored.recordId, values: stored.values }
      : earlier && claims[earlier.index]!.recordId !== claim.recordId
        ? { recordId: claims[earlier.index]!.recordId, values: claims[earlier.index]!.after }
        : null;
    if (other) {
      found.set(
        k.index,
        duplicateRefusal(claim.entity, {
          field: k.field,
          value: k.value,
          existingId: other.recordId,
          existingTitle: titleOf(claim.entity, other.values),
        }),
      );
      continue;
    }
    if (!earlier) firstClaim.set(k.key, k);
  }
  return found;
}
