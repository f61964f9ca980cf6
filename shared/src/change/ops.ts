/**
 * Making ops from an edit.
 *
 * One op per changed field, each with its OWN HLC (consecutive ticks of the device clock, fields in
 * name order). Fields merge independently, so a shared timestamp would merge the same way; distinct
 * timestamps buy a total order of the op log in which an HLC alone identifies an op (the node id is
 * inside it), so log cursors, digests and tie-breaks never meet two ops of one device at one instant.
 */
import { TOMBSTONE_FIELD, type EntityName, type Hlc, type JsonValue, type Op, type OpSource } from './op';
import { uuidv7 } from './uuidv7';

/** The part of a clock that making ops needs (a HybridClock satisfies it). */
export interface OpClock {
  tick(): Hlc;
  receive(remote: Hlc): Hlc;
  last(): Hlc | null;
}

/** Who, where and with which app version an edit is made. */
export interface OpContext {
  clock: OpClock;
  device: string;
  operator: string;
  county: string;
  schemaVersion: number;
  source?: OpSource;
  /** Id generator; defaults to the process-wide UUIDv7 generator. */
  newId?: () => string;
}

export interface FieldEdit extends OpContext {
  entity: EntityName;
  recordId: string;
  changes: Record<string, JsonValue>;
  /**
   * For every changed field, the HLC of the value the editor saw (null if the field was never set).
   * Pass null for a brand-new record. A missing entry is an error, never silently "null":
   * a wrong base would turn a plain edit into a false conflict.
   */
  base: Record<string, Hlc | null> | null;
}

export class OpInputError extends Error {
  readonly code: 'OP_BASE_MISSING' | 'OP_RESERVED_FIELD' | 'OP_VALUE_UNDEFINED' | 'OP_NO_CHANGES';
  constructor(code: OpInputError['code'], message: string) {
    super(message);
    this.name = 'OpInputError';
    this.code = code;
  }
}

export function makeFieldOps(edit: FieldEdit): Op[] {
  const fields = Object.keys(edit.changes).sort();
  if (fields.length === 0) throw new OpInputError('OP_NO_CHANGES', 'an edit must change at least one field');
  const bases: (Hlc | null)[] = [];
  for (const field of fields) {
    if (field === TOMBSTONE_FIELD)
      throw new OpInputError('OP_RESERVED_FIELD', `use makeTombstone to set ${TOMBSTONE_FIELD}`);
    if (edit.changes[field] === undefined)
      throw new OpInputError('OP_VALUE_UNDEFINED', `field ${field}: value is undefined (use null to clear)`);
    if (edit.base !== null && !Object.prototype.hasOwnProperty.call(edit.base, field)) {
      throw new OpInputError('OP_BASE_MISSING', `field ${field}: no base HLC given`);
    }
    bases.push(edit.base === null ? null : edit.base[field]!);
  }
  observeBases(edit.clock, bases);
  return fields.map((field, i) => buildOp(edit, edit.entity, edit.recordId, field, edit.changes[field]!, bases[i]!));
}

export interface TombstoneEdit extends OpContext {
  entity: EntityName;
  recordId: string;
  /** HLC of the `_deleted` value the editor saw, null if the record was never deleted or restored. */
  base: Hlc | null;
  /** true deletes (default); false restores. */
  deleted?: boolean;
}

export function makeTombstone(edit: TombstoneEdit): Op {
  observeBases(edit.clock, [edit.base]);
  return buildOp(edit, edit.entity, edit.recordId, TOMBSTONE_FIELD, edit.deleted ?? true, edit.base);
}

/** A deletion op (field `_deleted` set to true). A restore is `_deleted` set to false. */
export function isTombstone(op: Pick<Op, 'field' | 'value'>): boolean {
  return op.field === TOMBSTONE_FIELD && op.value === true;
}

/**
 * A base later than our clock means the value came in without the clock seeing it; take it in first
 * so every new op is timestamped after the value it overwrites (the merge rejects ops that are not).
 */
function observeBases(clock: OpClock, bases: (Hlc | null)[]): void {
  let latest: Hlc | null = null;
  for (const b of bases) if (b !== null && (latest === null || b > latest)) latest = b;
  if (latest === null) return;
  const last = clock.last();
  if (last === null || latest >= last) clock.receive(latest);
}

function buildOp(
  ctx: OpContext,
  entity: EntityName,
  recordId: string,
  field: string,
  value: JsonValue,
  baseHlc: Hlc | null,
): Op {
  const op: Op = {
    opId: (ctx.newId ?? uuidv7)(),
    entity,
    recordId,
    field,
    value,
    hlc: ctx.clock.tick(),
    baseHlc,
    device: ctx.device,
    operator: ctx.operator,
    county: ctx.county,
    schemaVersion: ctx.schemaVersion,
  };
  if (ctx.source) op.source = ctx.source;
  return op;
}
