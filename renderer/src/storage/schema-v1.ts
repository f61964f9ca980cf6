/**
 * The Dexie stores of schema version 1, kept unchanged forever so that the upgrade test can write a
 * v1 database and open it with the current version. Never edit; add a new version in db.ts instead.
 */
export const DB_NAME = 'linkdesk';

export const STORES_V1 = {
  records: '[entity+recordId], entity',
  outbox: 'opId, status',
  oplog: 'opId, [entity+recordId], hlc',
  operators: 'name',
  settings: 'key',
  blobs: 'sha256',
  meta: 'key',
} as const;
