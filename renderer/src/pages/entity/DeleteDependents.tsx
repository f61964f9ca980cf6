/**
 * What depends on a record about to be deleted (its demands and visits, a commissioner's visits), named in the
 * delete confirmation so the clerk can cancel. Test id: delete-dependents.
 */
import type { EntityName } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { pick, useLang, useT } from '../../i18n';
import { repos, titleOf, valuesOf } from '../../storage/repositories';

const SHOWN = 3;

export function DeleteDependents({ entity, recordId }: { entity: EntityName; recordId: string }) {
  const t = useT();
  const lang = useLang();
  const [groups, setGroups] = useState<{ entity: EntityName; titles: string[] }[] | null>(null);
  useEffect(() => {
    let live = true;
    void repos()
      .records.dependentsOf(entity, recordId)
      .then((found) => {
        if (live)
          setGroups(
            found.map((g) => ({ entity: g.entity, titles: g.rows.map((r) => titleOf(g.entity, valuesOf(r))) })),
          );
      });
    return () => {
      live = false;
    };
  }, [entity, recordId]);
  if (!groups) return null;
  if (groups.length === 0) return <span data-testid="delete-dependents">{t('delete.noDependents')}</span>;
  return (
    <div data-testid="delete-dependents" style={{ maxWidth: 360 }}>
      <Typography.Text type="warning">{t('delete.dependents')}</Typography.Text>
      <ul style={{ margin: '4px 0', paddingInlineStart: 18 }}>
        {groups.map((g) => (
          <li key={g.entity}>
            {t('delete.dependentGroup', {
              entity: pick(getSchema(g.entity).labels, lang),
              count: g.titles.length,
              names:
                g.titles.slice(0, SHOWN).join(t('format.listSeparator')) +
                (g.titles.length > SHOWN ? t('delete.andMore') : ''),
            })}
          </li>
        ))}
      </ul>
      <Typography.Text type="secondary">{t('delete.dependentsAfter')}</Typography.Text>
    </div>
  );
}
