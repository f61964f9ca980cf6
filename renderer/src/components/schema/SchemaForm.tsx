/**
 * A form generated from the entity's schema (formFields): one input per field, grouped by section,
 * checked as you type with the shared validateField (messages from the schema, in the user's language),
 * saved through the repository (Ctrl+S; Enter moves to the next field, it never saves). What is typed and not
 * saved is kept as a draft until saved or cancelled (see drafts.ts). A failed save scrolls to the first red
 * field. Choosing an enterprise brings its county, cluster and industry.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import { formFields } from '@shared/domain/index';
import { getField, getSchema } from '@shared/domain/registry';
import type { FieldDef } from '@shared/domain/schema';
import { validateField } from '@shared/domain/validate';
import { Alert, Button, Card, Form, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSession } from '../../app/session';
import { pick, useLang, useT } from '../../i18n';
import {
  DuplicateError,
  RepositoryError,
  repos,
  ScopeRefused,
  TransitionRefused,
  ValidationError,
  valuesOf,
  type Values,
} from '../../storage/repositories';
import { carriedFromEnterprise } from '../../pages/entity/prefill';
import { useShortcut } from '../useShortcut';
import { clearDraft, draftKey, draftOf, readDraft, writeDraft } from './drafts';
import { moveOnEnter } from './enter-next';
import { FieldInput, storageProps } from './FieldInput';
import { useTitles, type TitlesByEntity } from '../../data/useRecords';
import { OtherCountyWarning } from '../../pages/entity/OtherCountyWarning';

export interface SchemaFormProps {
  entity: EntityName;
  /** null for a new record. */
  recordId: string | null;
  initial: Values;
  onSaved: (recordId: string) => void;
  onCancel: () => void;
  /** Opens an existing record (the duplicate's link). */
  onOpen: (recordId: string) => void;
  /** For a new record made from another one: that record's id (it names the kept draft). */
  origin?: string;
}

type Problem = { kind: 'message'; text: string } | { kind: 'duplicate'; text: string; recordId: string };

export function SchemaForm({ entity, recordId, initial, onSaved, onCancel, onOpen, origin }: SchemaFormProps) {
  const t = useT();
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const operator = useSession((s) => s.currentOperator);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const schema = getSchema(entity);
  const fields = useMemo(() => formFields(entity), [entity]);
  const targets = useMemo(
    () => [...new Set(fields.flatMap((f) => (f.target && (f.kind === 'ref' || f.kind === 'refs') ? [f.target] : [])))],
    [fields],
  );
  const titles = useTitles(targets);
  const county = Form.useWatch('county', form) as string | null | undefined;

  const sections = useMemo(() => groupBySection(fields), [fields]);
  const draftName = draftKey(entity, recordId, origin);
  // read once: the draft the form starts from (later typing is written back, not re-read)
  const [restored, setRestored] = useState(() => readDraft(draftName));
  const [startValues] = useState<Values>(() => ({ ...initial, ...(restored ?? {}) }));
  const keepDraft = (): void => writeDraft(draftName, draftOf(initial, form.getFieldsValue(true) as Values));
  const discardDraft = (): void => {
    clearDraft(draftName);
    setRestored(null);
    form.resetFields();
    form.setFieldsValue(initial);
  };

  /** The enterprise decides a record's county, cluster and industry: take them when it is chosen. */
  const takeFromEnterprise = async (enterpriseId: JsonValue | undefined): Promise<void> => {
    if (typeof enterpriseId !== 'string' || !getField(entity, 'enterprise')) return;
    const row = await repos().records.get('enterprise', enterpriseId);
    if (!row || form.getFieldValue('enterprise') !== enterpriseId) return;
    const carried = carriedFromEnterprise(entity, valuesOf(row));
    const names = Object.keys(carried).filter((n) => fields.some((f) => f.name === n));
    if (names.length === 0) return;
    form.setFieldsValue(Object.fromEntries(names.map((n) => [n, carried[n]])));
    keepDraft();
    // re-check what changed so no stale message stays next to a field that is now filled
    await form.validateFields(names).catch(() => undefined);
  };

  const save = async (): Promise<void> => {
    if (saving) return;
    if (!operator) {
      setProblem({ kind: 'message', text: t('error.noOperator') });
      return;
    }
    setSaving(true);
    try {
      const values = form.getFieldsValue(true) as Values;
      const changes: Record<string, JsonValue> = {};
      for (const f of fields) if (f.name in values && values[f.name] !== undefined) changes[f.name] = values[f.name]!;
      const result = await repos().records.save(entity, recordId, changes, { operator });
      clearDraft(draftName);
      setProblem(null);
      onSaved(result.recordId);
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setSaving(false);
    }
  };

  const describe = (error: unknown): Problem => {
    if (error instanceof ValidationError) {
      form.setFields(error.errors.map((e) => ({ name: e.field, errors: [pick(e.message, lang)] })));
      const first = fields.find((f) => error.errors.some((e) => e.field === f.name));
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
      return { kind: 'message', text: t('error.validation', { count: error.errors.length }) };
    }
    if (error instanceof DuplicateError) {
      const d = error.duplicate;
      form.setFields([{ name: d.field, errors: [t('form.creditCodeDuplicate', { name: d.existingTitle })] }]);
      form.scrollToField(d.field, { block: 'center' });
      return {
        kind: 'duplicate',
        text: t('error.duplicate', { code: d.value, name: d.existingTitle }),
        recordId: d.existingId,
      };
    }
    if (error instanceof TransitionRefused) return { kind: 'message', text: pick(error.transition.message, lang) };
    if (error instanceof ScopeRefused) return { kind: 'message', text: pick(error.text, lang) };
    if (error instanceof RepositoryError && error.code === 'NO_OPERATOR')
      return { kind: 'message', text: t('error.noOperator') };
    return { kind: 'message', text: t('common.unexpectedError', { reason: (error as Error).message }) };
  };

  useShortcut('s', () => form.submit());

  const rule = (f: FieldDef) => ({
    validator: async (_: unknown, value: JsonValue | undefined) => {
      const e = validateField(entity, f.name, value ?? null);
      if (e) throw new Error(pick(e.message, lang));
    },
  });

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={startValues}
      data-testid="schema-form"
      onKeyDown={moveOnEnter}
      onValuesChange={(changed: Partial<Values>) => {
        keepDraft();
        if ('enterprise' in changed) void takeFromEnterprise(changed.enterprise);
      }}
      scrollToFirstError={{ block: 'center', focus: true }}
      onFinish={() => void save()}
      onFinishFailed={(info) =>
        setProblem({ kind: 'message', text: t('error.validation', { count: info.errorFields.length }) })
      }
      validateTrigger="onChange"
      style={{ maxWidth: 880 }}
    >
      <Typography.Text type="secondary">{t('common.shortcuts')}</Typography.Text>
      {restored && (
        <Alert
          data-testid="draft-restored"
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={t('form.draftRestored')}
          action={
            <Button size="small" data-testid="draft-discard" onClick={discardDraft}>
              {t('form.draftDiscard')}
            </Button>
          }
        />
      )}
      {sections.map(([section, list], i) => (
        <Card
          key={section ?? 'main'}
          size="small"
          title={section && schema.sections?.[section] ? pick(schema.sections[section], lang) : undefined}
          style={{ marginTop: 12 }}
        >
          {list.map((f, j) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={pick(f.labels, lang)}
              required={f.required}
              extra={f.help ? pick(f.help, lang) : undefined}
              rules={[rule(f)]}
              {...storageProps(f)}
            >
              <FieldInput
                entity={entity}
                field={f}
                refOptions={f.target ? titlesOf(titles, f.target, recordId) : undefined}
                county={county ?? null}
                autoFocus={i === 0 && j === 0}
              />
            </Form.Item>
          ))}
        </Card>
      ))}
      <OtherCountyWarning entity={entity} county={county} />
      {problem && (
        <Alert
          data-testid="form-error"
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={problem.text}
          action={
            problem.kind === 'duplicate' ? (
              <Button size="small" data-testid="duplicate-link" onClick={() => onOpen(problem.recordId)}>
                {t('error.duplicateLink')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="form-save">
          {t('common.save')}
        </Button>
        <Button
          data-testid="form-cancel"
          onClick={() => {
            clearDraft(draftName); // 取消 is the clerk's choice to drop what was typed
            onCancel();
          }}
        >
          {t('common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}

function groupBySection(fields: FieldDef[]): [string | undefined, FieldDef[]][] {
  const groups = new Map<string | undefined, FieldDef[]>();
  for (const f of fields) groups.set(f.section, [...(groups.get(f.section) ?? []), f]);
  return [...groups];
}

/** The records a ref field may point at (a record never refers to itself). */
function titlesOf(byEntity: TitlesByEntity, target: EntityName, self: string | null): ReadonlyMap<string, string> {
  const titles = byEntity.get(target) ?? new Map<string, string>();
  if (!self || !titles.has(self)) return titles;
  const copy = new Map(titles);
  copy.delete(self);
  return copy;
}
