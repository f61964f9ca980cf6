/**
 * Scope at entry: when a county office picks another county on a form, the form says at once that the record
 * belongs to another office and what to do (the same words as the write path's refusal, from shared/). Test id:
 * other-county-warning.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import type { OfficeScope } from '@shared/domain/scope';
import { scopeRefusal } from '@shared/domain/write-rules';
import { Alert } from 'antd';
import { useOffice } from '../../data/useOffice';
import { pick, useLang, useT } from '../../i18n';

export function OtherCountyWarning({ entity, county }: { entity: EntityName; county: JsonValue | undefined }) {
  const t = useT();
  const lang = useLang();
  const { scope } = useOffice();
  const refusal = otherCountyRefusal(entity, county, scope);
  if (!refusal) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="other-county-warning"
      style={{ marginTop: 12 }}
      title={t('office.otherCounty.title')}
      description={pick(refusal.message, lang)}
    />
  );
}

/** The refusal a save would meet for this county, or null (no county yet, no scope yet, or the office's own). */
export function otherCountyRefusal(entity: EntityName, county: JsonValue | undefined, scope: OfficeScope | null) {
  const field = getSchema(entity).countyField;
  if (!scope || !field || typeof county !== 'string' || county === '') return null;
  return scopeRefusal(entity, { [field]: county }, scope);
}

/** A new record's first values: every county field defaults to a county office's own county. */
export function withOfficeCounty<V extends Record<string, JsonValue>>(
  entity: EntityName,
  values: V,
  scope: OfficeScope | null,
): V {
  const field = getSchema(entity).countyField;
  if (!field || !scope || scope.level !== 'county' || values[field]) return values;
  return { ...values, [field]: scope.code };
}
