// No raw record id where a name belongs: a reference to a deleted record (deleted here, or a tombstone from another
// device) shows as 「（已删除）<name>」; a live record shows its name.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { refTitles } from '../../../../renderer/src/data/useRecords';
import { translate } from '../../../../renderer/src/i18n';
import { freshDb, repoOn } from './helpers';

const as = { operator: '王科员' };

describe('titles of referenced records', () => {
  it('a deleted enterprise is listed with its name marked deleted, in Chinese and English', async () => {
    const repo = repoOn(freshDb());
    const kept = await repo.save(
      'enterprise',
      null,
      { creditCode: '914403001922038216', name: '高阳县锦华纺织有限公司', county: '130628' },
      as,
    );
    const gone = await repo.save(
      'enterprise',
      null,
      { creditCode: '91350100M000100Y43', name: '高阳县三利毛纺有限公司', county: '130628' },
      as,
    );
    await repo.remove('enterprise', gone.recordId, as);
    const [live, deleted] = await Promise.all([repo.list('enterprise'), repo.listDeleted('enterprise')]);
    expect(deleted.map((r) => r.recordId)).toEqual([gone.recordId]);
    const zh = refTitles('enterprise', live, deleted, (name) => translate('zh-CN', 'common.deletedRef', { name }));
    expect(zh.get(kept.recordId)).toBe('高阳县锦华纺织有限公司');
    expect(zh.get(gone.recordId)).toBe('（已删除）高阳县三利毛纺有限公司');
    const en = refTitles('enterprise', live, deleted, (name) => translate('en', 'common.deletedRef', { name }));
    expect(en.get(gone.recordId)).toBe('(deleted) 高阳县三利毛纺有限公司');
  });
});

describe('what depends on a record', () => {
  it('an enterprise names its demands; a record nobody refers to names none', async () => {
    const repo = repoOn(freshDb());
    const ent = await repo.save(
      'enterprise',
      null,
      { creditCode: '914403001922038216', name: '高阳县锦华纺织有限公司', county: '130628' },
      as,
    );
    const other = await repo.save(
      'enterprise',
      null,
      { creditCode: '91350100M000100Y43', name: '高阳县三利毛纺有限公司', county: '130628' },
      as,
    );
    await repo.save('demand', null, { enterprise: ent.recordId, name: '印染废水回用', county: '130628' }, as);
    const found = await repo.dependentsOf('enterprise', ent.recordId);
    expect(found.map((g) => [g.entity, g.rows.map((r) => r.fields.name?.value)])).toEqual([
      ['demand', ['印染废水回用']],
    ]);
    expect(await repo.dependentsOf('enterprise', other.recordId)).toEqual([]);
  });
});
