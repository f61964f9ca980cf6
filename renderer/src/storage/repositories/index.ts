/** The repositories over the app's database: the only way components read or write local data. */
import { ENTITY_NAMES } from '@shared/change/op';
import { exportDatabase, restoreDatabase } from '../backup';
import { AttachmentRepository } from './attachments';
import { emitChange } from './events';
import { getDb, type LinkDeskDb } from '../db';
import { OperatorRepository, SettingsRepository } from './operators';
import { RecordRepository } from './records';
import type { OfficeScope } from '@shared/domain/scope';
import {
  readOfficeProfile,
  readOfficeScope,
  saveOfficeProfile,
  type OfficeProfile,
  type ProfileProblem,
} from './office-profile';

export interface BackupRepository {
  /** The whole database as one JSON text. */
  export: () => Promise<string>;
  /** Replaces everything with a backup's content (one transaction); returns row counts per table. */
  restore: (text: string) => Promise<Record<string, number>>;
}

/** The office this device works for: the first-run profile, and its scope (the certificate's once enrolled). */
export interface OfficeRepository {
  profile: () => Promise<OfficeProfile | null>;
  save: (profile: OfficeProfile) => Promise<ProfileProblem | null>;
  scope: () => Promise<OfficeScope | null>;
}

export interface Repositories {
  records: RecordRepository;
  office: OfficeRepository;
  operators: OperatorRepository;
  settings: SettingsRepository;
  backup: BackupRepository;
  attachments: AttachmentRepository;
}

export function createRepositories(db: LinkDeskDb): Repositories {
  const records = new RecordRepository(db);
  const restore = async (text: string): Promise<Record<string, number>> => {
    const counts = await restoreDatabase(db, text);
    // The device id and clock now come from the backup; everything on screen reloads.
    records.forgetDevice();
    for (const entity of ENTITY_NAMES) emitChange({ entity });
    emitChange({ entity: 'operators' });
    emitChange({ entity: 'settings' });
    return counts;
  };
  return {
    records,
    office: {
      profile: () => readOfficeProfile(db),
      save: (profile) => saveOfficeProfile(db, profile),
      scope: () => readOfficeScope(db),
    },
    operators: new OperatorRepository(db),
    settings: new SettingsRepository(db),
    backup: { export: () => exportDatabase(db), restore },
    attachments: new AttachmentRepository(db, records),
  };
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
export type { HistoryEntry, SaveResult } from './records';
export { OperatorRepository, SettingsRepository } from './operators';
export { AttachmentRepository } from './attachments';
export {
  BatchRefused,
  DuplicateError,
  RepositoryError,
  ScopeRefused,
  TransitionRefused,
  ValidationError,
} from './errors';
export { onChange, type ChangeEvent } from './events';
export {
  readOfficeProfile,
  readOfficeScope,
  saveOfficeProfile,
  type OfficeProfile,
  type ProfileProblem,
} from './office-profile';
export { valuesOf, titleOf, type Values } from './values';
export {
  DEFAULT_OFFICE_ROLE,
  DEFAULT_VISIT_TARGET,
  isVisitTarget,
  MAX_VISIT_TARGET,
  OFFICE_ROLES,
  setOfficeFromCertificate,
  readOfficeSettings,
  setOfficeRole,
  setVisitTarget,
  type OfficeRole,
  type OfficeSettings,
} from './office-settings';
