/**
 * Part of the mapping editor: a field the file has no column for gets one value for every row (「技术领域：新材料」),
 * typed or chosen as a cell would be, and cleaned like one by the dry run. Without it the rows import as drafts
 * marked 待补全. Test ids: fill-values, fill-<field> (the input), fill-<field>-apply, fill-<field>-clear.
 */
import type { EntityName } from '@shared/change/op';
import { getField } from '@shared/domain/registry';
import { Button, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { pick, useLang, useT } from '../../i18n';

export function FillValues({
  entity,
  fields,
  values,
  disabled,
  onFill,
}: {
  entity: EntityName;
  /** The fields offered: the gaps, and those filled already. */
  fields: readonly string[];
  /** Current fill per field (the mapping's defaults). */
  values: Readonly<Record<string, unknown>>;
  disabled: boolean;
  onFill: (field: string, value: string | null) => void;
}) {
  const t = useT();
  if (fields.length === 0) return null;
  return (
    <div data-testid="fill-values">
      <Typography.Text strong>{t('import.fill.title')}</Typography.Text>{' '}
      <Typography.Text type="secondary">{t('import.fill.help')}</Typography.Text>
      <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
        {fields.map((name) => (
          <FillOne
            key={name}
            entity={entity}
            name={name}
            current={typeof values[name] === 'string' ? (values[name] as string) : ''}
            disabled={disabled}
            onFill={onFill}
          />
        ))}
      </Space>
    </div>
  );
}

function FillOne({
  entity,
  name,
  current,
  disabled,
  onFill,
}: {
  entity: EntityName;
  name: string;
  current: string;
  disabled: boolean;
  onFill: (field: string, value: string | null) => void;
}) {
  const t = useT();
  const lang = useLang();
  const field = getField(entity, name);
  const [text, setText] = useState(current);
  if (!field) return null;
  const label = pick(field.labels, lang);
  return (
    <Space wrap>
      <Typography.Text style={{ display: 'inline-block', minWidth: 120 }}>{label}</Typography.Text>
      {field.options ? (
        <Select
          data-testid={`fill-${name}`}
          aria-label={label}
          style={{ width: 240 }}
          disabled={disabled}
          showSearch={{ optionFilterProp: 'label' }}
          value={text || undefined}
          placeholder={t('import.fill.placeholder')}
          // the option's Chinese label is written as a cell would hold it; the dry run maps it to its code
          options={field.options.map((o) => ({ value: o.labels.zh, label: pick(o.labels, lang) }))}
          onChange={(v: string) => setText(v)}
        />
      ) : (
        <Input
          data-testid={`fill-${name}`}
          aria-label={label}
          style={{ width: 240 }}
          disabled={disabled}
          value={text}
          placeholder={t('import.fill.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      <Button
        data-testid={`fill-${name}-apply`}
        disabled={disabled || text.trim() === '' || text === current}
        onClick={() => onFill(name, text)}
      >
        {t('import.fill.apply')}
      </Button>
      {current !== '' && (
        <Button
          data-testid={`fill-${name}-clear`}
          disabled={disabled}
          onClick={() => {
            setText('');
            onFill(name, null);
          }}
        >
          {t('import.fill.clear')}
        </Button>
      )}
    </Space>
  );
}
