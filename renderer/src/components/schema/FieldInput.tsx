/**
 * The input for one schema field, by kind, and how the antd Form stores its value: the form keeps the
 * JSON value the schema validates (ISO date strings, division codes), widgets get what they display.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { cities, countiesOf, countyLevelUnits, getDivision, townshipsOf } from '@shared/domain/divisions';
import { normalizeCreditCode } from '@shared/domain/creditCode';
import { getField } from '@shared/domain/registry';
import type { FieldDef } from '@shared/domain/schema';
import { Cascader, Input, InputNumber, Select, Switch } from 'antd';
import type { FormItemProps } from 'antd';
import { pick, useLang, useT, type Lang } from '../../i18n';
import { AttachmentsInput } from './Attachments';
import { DateInput } from './DateInput';
import { divisionText } from './display';

/** The file types the attachment schema accepts (its mime options). */
const ATTACHMENT_ACCEPT = (getField('attachment', 'mime')?.options ?? []).map((o) => o.code).join(',');

export interface FieldInputProps {
  entity: EntityName;
  field: FieldDef;
  /** Options of ref/refs fields: id → title. */
  refOptions?: ReadonlyMap<string, string>;
  /** For a township field: the county chosen in the same form. */
  county?: string | null;
  autoFocus?: boolean;
  value?: unknown;
  onChange?: (value: unknown) => void;
}

const testId = (field: FieldDef): string => `field-${field.name}`;

/** getValueProps / normalize for the Form.Item of a field. */
export function storageProps(field: FieldDef): Pick<FormItemProps, 'getValueProps' | 'normalize'> {
  switch (field.kind) {
    case 'divisionCode':
      if (field.level === 'township') return {};
      return {
        getValueProps: (v: JsonValue) => ({
          value: typeof v === 'string' && getDivision(v) ? [`${v.slice(0, 4)}00`, v] : [],
        }),
        normalize: (path: string[] | undefined) => (path && path.length > 0 ? path[path.length - 1]! : null),
      };
    case 'creditCode':
      // full-width digits and spaces become the code itself, so the clerk never retypes what the app corrected
      return { normalize: (v: string) => normalizeCreditCode(v) };
    default:
      return {};
  }
}

export function FieldInput(props: FieldInputProps) {
  const { field, autoFocus, value, onChange } = props;
  const t = useT();
  const lang = useLang();
  const common = { 'data-testid': testId(field), autoFocus, id: `field-${field.name}` };
  const unit = field.unit ? pick(field.unit, lang) : undefined;
  switch (field.kind) {
    case 'longtext':
      return (
        <Input.TextArea
          {...common}
          value={value as string}
          onChange={(e) => onChange?.(e.target.value)}
          maxLength={field.maxLength}
          showCount
          autoSize={{ minRows: 2, maxRows: 8 }}
        />
      );
    case 'int':
    case 'decimal':
    case 'amount':
    case 'year':
    case 'trl':
      return (
        <InputNumber
          {...common}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
          min={field.min}
          max={field.max}
          precision={field.kind === 'int' || field.kind === 'year' || field.kind === 'trl' ? 0 : field.decimals}
          suffix={unit}
          style={{ width: 220 }}
        />
      );
    case 'date':
      return <DateInput {...common} field={field} value={value as string | null} onChange={onChange} />;
    case 'bool':
      return <Switch {...common} checked={value === true} onChange={(v) => onChange?.(v)} />;
    case 'enum':
    case 'multiEnum':
      return (
        <Select
          {...common}
          value={value as string | string[] | undefined}
          onChange={(v) => onChange?.(v ?? null)}
          mode={field.kind === 'multiEnum' ? 'multiple' : undefined}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.selectPlaceholder')}
          options={(field.options ?? []).map((o) => ({ value: o.code, label: pick(o.labels, lang) }))}
        />
      );
    case 'ref':
    case 'refs':
      return (
        <Select
          {...common}
          value={value as string | string[] | undefined}
          onChange={(v) => onChange?.(v ?? null)}
          mode={field.kind === 'refs' ? 'multiple' : undefined}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.selectPlaceholder')}
          options={[...(props.refOptions ?? new Map<string, string>())].map(([id, title]) => ({
            value: id,
            label: title,
          }))}
        />
      );
    case 'keywords':
      return (
        <Select
          {...common}
          value={value as string[] | undefined}
          onChange={(v) => onChange?.(v)}
          mode="tags"
          tokenSeparators={[',', '，', '、', ';', '；']}
          open={false}
        />
      );
    case 'divisionCode':
      return field.level === 'township' ? (
        <TownshipSelect
          common={common}
          county={props.county ?? null}
          lang={lang}
          value={value as string | undefined}
          onChange={onChange}
          placeholder={t('common.selectPlaceholder')}
        />
      ) : (
        <Cascader
          {...common}
          value={value as string[]}
          onChange={(v) => onChange?.(v)}
          options={countyTree()}
          showSearch
          placeholder={t('common.selectPlaceholder')}
        />
      );
    case 'divisionCodes':
      return (
        <Select
          {...common}
          value={value as string[] | undefined}
          onChange={(v) => onChange?.(v)}
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={countyLevelUnits().map((d) => ({ value: d.code, label: d.name }))}
        />
      );
    case 'attachments':
      return (
        <AttachmentsInput
          name={field.name}
          value={value as string[] | null}
          onChange={onChange}
          county={props.county ?? null}
          accept={ATTACHMENT_ACCEPT}
        />
      );
    default:
      return (
        <Input
          {...common}
          value={(value as string | undefined) ?? ''}
          onChange={(e) => onChange?.(e.target.value)}
          maxLength={field.maxLength}
        />
      );
  }
}

interface TreeOption {
  value: string;
  label: string;
  children?: TreeOption[];
}

let tree: TreeOption[] | null = null;
/** City → county-level units of Hebei, for the county picker. */
function countyTree(): TreeOption[] {
  tree ??= cities().map((c) => ({
    value: c.code,
    label: c.name,
    children: countiesOf(c.code).map((d) => ({ value: d.code, label: d.name })),
  }));
  return tree;
}

function TownshipSelect(props: {
  common: Record<string, unknown>;
  county: string | null;
  lang: Lang;
  value: string | undefined;
  onChange?: (v: unknown) => void;
  placeholder: string;
}) {
  const options = props.county ? townshipsOf(props.county).map((d) => ({ value: d.code, label: d.name })) : [];
  return (
    <Select
      {...props.common}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      disabled={!props.county}
      placeholder={props.value ? divisionText(props.value, true, props.lang) : props.placeholder}
      options={options}
    />
  );
}
