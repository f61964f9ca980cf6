import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BackupError, exportDatabase, restoreDatabase } from '../../../../renderer/src/storage/backup';
import type { LinkDeskDb } from '../../../../renderer/src/storage/db';
import { OperatorRepository } from '../../../../renderer/src/storage/repositories';
import { demandFor, ENTERPRISE, freshDb, repoOn } from './helpers';

async function seeded(): Promise<LinkDeskDb> {
  const db = freshDb();
  const repo = repoOn(db);
  const company = await repo.save('enterprise', null, ENTERPRISE, { operator: '张三' });
  const demand = await repo.save('demand', null, demandFor(company.recordId), { operator: '张三' });
  await repo.save('demand', demand.recordId, { status: 'county_verified' }, { operator: '李四' });
  await new OperatorRepository(db).add('张三');
  await db.settings.put({ key: 'lang', value: 'zh-CN' });
  await db.blobs.put({
    sha256: 'cd'.repeat(32),
    mime: 'image/jpeg',
    size: 4,
    data: new Uint8Array([0, 255, 7, 9]).buffer,
    createdAt: '2026-11-28T09:00:00.000Z',
  });
  // Tables added by later versions (sync) come along too, binary columns included.
  await db.table('syncPackages').put({ seq: 1, bytes: new Uint8Array([1, 2, 250]), digest: 'x' });
  return db;
}

async function dump(db: LinkDeskDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of ['records', 'outbox', 'oplog', 'operators', 'settings', 'meta'])
    out[name] = await db.table(name).toArray();
  out.blobs = (await db.blobs.toArray()).map((b) => ({ ...b, data: [...new Uint8Array(b.data)] }));
  out.syncPackages = (await db.table('syncPackages').toArray()).map((p: { bytes: Uint8Array }) => ({
    ...p,
    bytes: [...p.bytes],
    isU8: p.bytes instanceof Uint8Array,
  }));
  return out;
}

describe('backup and restore', () => {
  it('restores a backup into a fresh database with identical data, attachments included', async () => {
    const source = await seeded();
    const file = await exportDatabase(source);
    const target = freshDb();
    const counts = await restoreDatabase(target, file);
    expect(counts.records).toBe(2);
    expect(counts.blobs).toBe(1);
    expect(await dump(target)).toEqual(await dump(source));
    const history = await repoOn(target).history(
      'demand',
      (await target.records.where('entity').equals('demand').first())!.recordId,
    );
    expect(history.at(-1)).toMatchObject({ operator: '李四', field: 'status', to: 'county_verified' });
  });

  it('refuses a file that is not a LinkDesk backup and keeps the current data', async () => {
    const db = await seeded();
    const before = await dump(db);
    await expect(restoreDatabase(db, 'PK\u0003\u0004 not json')).rejects.toMatchObject({ code: 'BACKUP_NOT_JSON' });
    await expect(restoreDatabase(db, JSON.stringify({ format: 'other' }))).rejects.toBeInstanceOf(BackupError);
    await expect(
      restoreDatabase(db, JSON.stringify({ format: 'linkdesk-backup', dbVersion: 99, tables: {} })),
    ).rejects.toMatchObject({ code: 'BACKUP_TOO_NEW' });
    expect(await dump(db)).toEqual(before);
  });

  it('leaves the current data untouched when a restore fails half-way', async () => {
    const db = await seeded();
    const before = await dump(db);
    const file = await exportDatabase(await seeded());
    db.oplog.hook('creating', () => {
      throw new Error('disk full (injected)');
    });
    await expect(restoreDatabase(db, file)).rejects.toThrow('disk full (injected)');
    expect(await dump(db)).toEqual(before);
  });
});
