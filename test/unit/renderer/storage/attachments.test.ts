import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AttachmentRepository, ValidationError } from '../../../../renderer/src/storage/repositories';
import { valuesOf } from '../../../../renderer/src/storage/repositories/values';
import { freshDb, repoOn } from './helpers';

const photo = (): ArrayBuffer => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).buffer;
const who = { operator: '张三', county: '130534' };

describe('attachments', () => {
  it('stores the bytes by SHA-256 and an attachment record with its outbox op, once per file', async () => {
    const db = freshDb();
    const files = new AttachmentRepository(db, repoOn(db));
    const sha = await files.add({ name: '签到表.jpg', mime: 'image/jpeg', bytes: photo() }, who);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await files.add({ name: '签到表(1).jpg', mime: 'image/jpeg', bytes: photo() }, who)).toBe(sha);
    expect(await db.blobs.count()).toBe(1);
    expect([...new Uint8Array((await files.get(sha))!.data)]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const record = await db.records.get(['attachment', sha]);
    expect(valuesOf(record!)).toMatchObject({
      sha256: sha,
      name: '签到表.jpg',
      size: 7,
      mime: 'image/jpeg',
      county: '130534',
    });
    expect((await db.outbox.toArray()).every((o) => o.op.entity === 'attachment' && o.op.operator === '张三')).toBe(
      true,
    );
  });

  it('refuses a file type the schema does not accept and stores neither bytes nor record', async () => {
    const db = freshDb();
    const files = new AttachmentRepository(db, repoOn(db));
    await expect(
      files.add({ name: 'virus.exe', mime: 'application/x-msdownload', bytes: photo() }, who),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await db.blobs.count()).toBe(0);
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
