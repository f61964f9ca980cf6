/** Refusals of the write path. Each has a stable code; the UI shows the message in the user's language. */
import type { FieldError } from '@shared/domain/validate';
import type { TransitionError } from '@shared/domain/status';
import type { EntityName } from '@shared/change/op';
import type { ScopeProblem } from '@shared/domain/scope';
import type { Bilingual } from '@shared/domain/schema';
import type { DuplicateInfo, WriteRefusal } from '@shared/domain/write-rules';

export type RepositoryErrorCode =
  'NO_OPERATOR' | 'VALIDATION' | 'DUPLICATE' | 'NOT_FOUND' | 'TRANSITION' | 'OUT_OF_SCOPE' | 'BATCH_REFUSED';

export class RepositoryError extends Error {
  constructor(
    readonly code: RepositoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RepositoryError';
  }
}

export class ValidationError extends RepositoryError {
  constructor(readonly errors: FieldError[]) {
    super('VALIDATION', errors.map((e) => e.message.zh).join('; '));
  }
}

export type { DuplicateInfo };

export class DuplicateError extends RepositoryError {
  constructor(
    readonly duplicate: DuplicateInfo,
    readonly text: Bilingual,
  ) {
    super('DUPLICATE', text.zh);
  }
}

/** A record outside the office's scope (a county office writing another county's enterprise). */
export class ScopeRefused extends RepositoryError {
  constructor(
    readonly problem: ScopeProblem,
    readonly text: Bilingual,
  ) {
    super('OUT_OF_SCOPE', text.zh);
  }
}

/** The repository's error for a refusal of the shared write rules (same code, same message as every writer). */
export function refusalError(refusal: WriteRefusal): RepositoryError {
  switch (refusal.code) {
    case 'VALIDATION':
      return new ValidationError(refusal.errors);
    case 'TRANSITION':
      return new TransitionRefused(refusal.transition);
    case 'DUPLICATE':
      return new DuplicateError(refusal.duplicate, refusal.message);
    case 'OUT_OF_SCOPE':
      return new ScopeRefused(refusal.scope, refusal.message);
  }
}

export class TransitionRefused extends RepositoryError {
  constructor(readonly transition: TransitionError) {
    super('TRANSITION', transition.message.zh);
  }
}

export interface BatchFailure {
  /** Position of the item in the batch (0-based). */
  index: number;
  /** Why it was refused: a ValidationError, DuplicateError or TransitionRefused, or DUPLICATE_ID for a record twice in one batch. */
  error: RepositoryError;
  /** The item's entity, when the batch spanned several (saveGroups). */
  entity?: EntityName;
}

/** A batch write refused as a whole: nothing was written. Lists every bad item with its reasons. */
export class BatchRefused extends RepositoryError {
  constructor(readonly failures: BatchFailure[]) {
    super(
      'BATCH_REFUSED',
      failures.map((f) => `${f.entity ? `${f.entity} ` : ''}#${f.index}: ${reasonsOf(f.error)}`).join('\n'),
    );
  }
}

function reasonsOf(error: RepositoryError): string {
  return error instanceof ValidationError
    ? error.errors.map((e) => `${e.field}: ${e.message.zh}`).join('; ')
    : error.message;
}
