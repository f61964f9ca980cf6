/** Refusals of the write path. Each has a stable code; the UI shows the message in the user's language. */
import type { FieldError } from '@shared/domain/validate';
import type { TransitionError } from '@shared/domain/status';
import type { EntityName } from '@shared/change/op';

export type RepositoryErrorCode =
  'NO_OPERATOR' | 'VALIDATION' | 'DUPLICATE' | 'NOT_FOUND' | 'TRANSITION' | 'BATCH_REFUSED';

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

export interface DuplicateInfo {
  field: string;
  value: string;
  /** The live record already holding the value. */
  existingId: string;
  existingTitle: string;
}

export class DuplicateError extends RepositoryError {
  constructor(readonly duplicate: DuplicateInfo) {
    super('DUPLICATE', `${duplicate.field} ${duplicate.value} already belongs to ${duplicate.existingId}`);
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
