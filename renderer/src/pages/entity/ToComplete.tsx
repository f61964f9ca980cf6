/**
 * 待补全: a draft demand lacking fields it needs before verification (required to verify, not to record) says
 * which, by the shared rule. Test id: to-complete.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { missingToVerify } from '@shared/domain';
import { getField } from '@shared/domain/registry';
import { Alert } from 'antd';
import { pick, useLang, useT } from '../../i18n';

export function ToComplete({ entity, values }: { entity: EntityName; values: Readonly<Record<string, JsonValue>> }) {
  const t = useT();
  const lang = useLang();
  const missing = missingToVerify(entity, values).filter((e) => e.code === 'REQUIRED_TO_VERIFY');
  if (missing.length === 0) return null;
  const labels = missing.map((e) => {
    const f = getField(entity, e.field);
    return f ? pick(f.labels, lang) : e.field;
  });
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="to-complete"
      title={t('list.toComplete', { fields: labels.join(t('format.listSeparator')) })}
    />
  );
}
