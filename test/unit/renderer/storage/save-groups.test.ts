// An import writes enterprises and the demands that point at them: one transaction across entities, all or nothing.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change/uuidv7';
import {
  BatchRefused,
  ValidationError,
  onChange,
  type ChangeEvent,
} from '../../../../renderer/src/storage/repositories';
import { demandFor, ENTERPRISE, freshDb, repoOn } from './helpers';

const imported = { operator: '张三', source: { kind: 'import' as const, file: '需求调查.xlsx' } };

describe('RecordRepository.saveGroups', () => {
  it('writes every group — the enterprise and the demands naming it — with each op naming the file', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const enterpriseId = uuidv7();
    const events: ChangeEvent[] = [];
    const off = onChange((e) => events.push(e));
    const [enterprises, demands] = await repo.saveGroups(
      [
        { entity: 'enterprise', items: [{ recordId: enterpriseId, changes: ENTERPRISE }] },
        {
          entity: 'demand',
          items: [
            { recordId: null, changes: demandFor(enterpriseId) },
            { recordId: null, changes: { ...demandFor(enterpriseId), name: '梳绒机节能改造' } },
          ],
        },
      ],
      imported,
    );
    off();
    expect(enterprises!.map((r) => r.recordId)).toEqual([enterpriseId]);
    expect(demands).toHaveLength(2);
    expect(await repo.count('enterprise')).toBe(1);
    expect(await repo.count('demand')).toBe(2);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength([...enterprises!, ...demands!].reduce((n, r) => n + r.ops.length, 0));
    expect(outbox.every((o) => o.op.source?.file === '需求调查.xlsx')).toBe(true);
    expect(events.map((e) => e.entity).sort()).toEqual(['demand', 'enterprise']);
  });

  it('a bad demand leaves nothing written — not even the valid enterprise before it — and names entity and item', async () => {
    const db = freshDb();
    const repo = repoOn(db);
    const enterpriseId = uuidv7();
    const error = await repo
      .saveGroups(
        [
          { entity: 'enterprise', items: [{ recordId: enterpriseId, changes: ENTERPRISE }] },
          {
            entity: 'demand',
            items: [
              { recordId: null, changes: demandFor(enterpriseId) },
              { recordId: null, changes: { ...demandFor(enterpriseId), name: '' } },
            ],
          },
        ],
        imported,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchRefused);
    const refused = error as BatchRefused;
    expect(refused.failures.map((f) => [f.entity, f.index])).toEqual([['demand', 1]]);
    expect(refused.failures[0]!.error).toBeInstanceOf(ValidationError);
    expect(refused.message).toContain('demand #1: name');
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.oplog.count()).toBe(0);
  });
});
