/** One select per filter field of the section (options from the schema, the ref titles or the values present). */
import type { EntityName } from '@shared/change/op';
import { getField } from '@shared/domain/registry';
import { Select, Space } from 'antd';
import { memo, useMemo } from 'react';
import { displayValue } from '../../components/schema/display';
import type { Filters, RecordIndex } from '../../data/record-index';
import type { TitlesByEntity } from '../../data/useRecords';
import { pick, useLang } from '../../i18n';

export interface FilterBarProps {
  entity: EntityName;
  fields: readonly string[];
  index: RecordIndex;
  /** The index's version: options are recomputed when the records change. */
  version: number;
  titles: TitlesByEntity;
  value: Filters;
  onChange: (next: Filters) => void;
}

/** Memoised: a keystroke in the search box changes none of its props, so it does not re-render. */
export const FilterBar = memo(function FilterBar({
  entity,
  fields,
  index,
  version,
  titles,
  value,
  onChange,
}: FilterBarProps) {
  const lang = useLang();
  const options = useMemo(() => {
    const out: Record<string, { value: string | number; label: string }[]> = {};
    for (const name of fields) {
      const f = getField(entity, name);
      if (!f) continue;
      if (f.options) out[name] = f.options.map((o) => ({ value: o.code, label: pick(o.labels, lang) }));
      else if ((f.kind === 'ref' || f.kind === 'refs') && f.target)
        out[name] = [...(titles.get(f.target) ?? new Map<string, string>())].map(([id, title]) => ({
          value: id,
          label: title,
        }));
      else {
        out[name] = index
          .presentValues(name)
          .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
          .sort()
          .map((v) => ({ value: v, label: displayValue(f, v, lang) }));
      }
    }
    return out;
  }, [entity, fields, index, version, titles, lang]);
  return (
    <Space wrap>
      {fields.map((name) => {
        const f = getField(entity, name);
        if (!f) return null;
        return (
          <Select
            key={name}
            data-testid={`filter-${name}`}
            aria-label={pick(f.labels, lang)}
            placeholder={pick(f.labels, lang)}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 140 }}
            value={(value[name] as string | number | undefined) ?? undefined}
            options={options[name] ?? []}
            onChange={(v: string | number | undefined) => onChange({ ...value, [name]: v ?? undefined })}
          />
        );
      })}
    </Space>
  );
});
