/** The repositories over the app's database: the only way components read or write local data. */
import { getDb, type LinkDeskDb } from '../db';
import { OperatorRepository, SettingsRepository } from './operators';
import { RecordRepository } from './records';

export interface Repositories {
  records: RecordRepository;
  operators: OperatorRepository;
  settings: SettingsRepository;
}

export function createRepositories(db: LinkDeskDb): Repositories {
  return { records: new RecordRepository(db), operators: new OperatorRepository(db), settings: new SettingsRepository(db) };
}

let current: Repositories | null = null;

export function repos(): Repositories {
  current ??= createRepositories(getDb());
  return current;
}

/** Tests point the app at their own database. */
export function setRepositories(next: Repositories): void {
  current = next;
}

export { RecordRepository } from './records';
export type { HistoryEntry, SaveResult, WriteOptions } from './records';
export { OperatorRepository, SettingsRepository } from './operators';
export { DuplicateError, RepositoryError, TransitionRefused, ValidationError } from './errors';
export { onChange, type ChangeEvent } from './events';
export { valuesOf, titleOf, type Values } from './values';
