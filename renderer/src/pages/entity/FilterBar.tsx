/** One select per filter field of the section (options from the schema, the ref titles or the values present). Test ids: filter-<field>. */
import type { EntityName, JsonValue } from '@shared/change/op';
import { getField } from '@shared/domain/registry';
import { Select, Space } from 'antd';
import { useMemo } from 'react';
import { displayValue } from '../../components/schema/display';
import type { ListRow, TitlesByEntity } from '../../data/useRecords';
import { pick, useLang } from '../../i18n';
import type { Filters } from './filtering';

export interface FilterBarProps {
  entity: EntityName;
  fields: readonly string[];
  rows: readonly ListRow[];
  titles: TitlesByEntity;
  value: Filters;
  onChange: (next: Filters) => void;
}

export function FilterBar({ entity, fields, rows, titles, value, onChange }: FilterBarProps) {
  const lang = useLang();
  const options = useMemo(() => {
    const out: Record<string, { value: string | number; label: string }[]> = {};
    for (const name of fields) {
      const f = getField(entity, name);
      if (!f) continue;
      if (f.options) out[name] = f.options.map((o) => ({ value: o.code, label: pick(o.labels, lang) }));
      else if ((f.kind === 'ref' || f.kind === 'refs') && f.target) out[name] = [...(titles.get(f.target) ?? new Map<string, string>())].map(([id, title]) => ({ value: id, label: title }));
      else {
        const present = new Set<JsonValue>();
        for (const r of rows) {
          const v = r.values[name];
          if (Array.isArray(v)) v.forEach((x) => present.add(x));
          else if (v !== null && v !== undefined) present.add(v);
        }
        out[name] = [...present]
          .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
          .sort()
          .map((v) => ({ value: v, label: displayValue(f, v, lang) }));
      }
    }
    return out;
  }, [entity, fields, rows, titles, lang]);
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
}
