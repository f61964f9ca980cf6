/**
 * A record section (企业, 技术需求, 科技特派员, 走访记录, 产业集群): list, new, detail and edit, by route
 * (#/<section>, #/<section>/new, #/<section>/new/from/<section>/<id>, #/<section>/<id>, #/<section>/<id>/edit, #/<section>/<id>/print).
 * Ctrl+N opens a new form.
 */
import { defaultValues } from '@shared/domain/index';
import { getSchema } from '@shared/domain/registry';
import { Button } from 'antd';
import { useRouter } from '../../app/router';
import { isSection, sectionLabelKey } from '../../app/sections';
import { PageFrame } from '../../components/PageFrame';
import { SchemaForm } from '../../components/schema/SchemaForm';
import { useShortcut } from '../../components/useShortcut';
import { useRecord } from '../../data/useRecords';
import { pick, useLang, useT } from '../../i18n';
import { valuesOf } from '../../storage/repositories';
import { ENTITY_SECTIONS, type EntitySection } from './config';
import { prefillFrom } from './prefill';
import { withOfficeCounty } from './OtherCountyWarning';
import { useOffice } from '../../data/useOffice';
import { DetailView } from './DetailView';
import { ListView } from './ListView';
import { PrintView } from './PrintView';

export function EntityPage({ config }: { config: EntitySection }) {
  const t = useT();
  const lang = useLang();
  const rest = useRouter((s) => s.route.rest);
  const navigate = useRouter((s) => s.navigate);
  const { section, entity } = config;
  const [first, second] = rest;
  const mode =
    first === undefined
      ? 'list'
      : first === 'new'
        ? 'new'
        : second === 'edit'
          ? 'edit'
          : second === 'print'
            ? 'print'
            : 'detail';
  const entityLabel = pick(getSchema(entity).labels, lang);
  const open = (id: string): void => navigate(section, id);
  const toNew = (): void => navigate(section, 'new');
  useShortcut('n', toNew, !config.readOnly && mode !== 'new');

  const title =
    mode === 'new'
      ? t('form.newTitle', { entity: entityLabel })
      : mode === 'edit'
        ? t('form.editTitle', { entity: entityLabel })
        : t(sectionLabelKey(section));
  const back =
    mode === 'list' ? undefined : (
      <Button data-testid="record-back" onClick={() => navigate(section)}>
        {t('common.back')}
      </Button>
    );
  return (
    <PageFrame section={section} title={title} extra={back}>
      {mode === 'list' && <ListView config={config} onOpen={open} onNew={toNew} />}
      {mode === 'new' && (
        <NewForm
          config={config}
          from={rest[1] === 'from' ? { section: rest[2] ?? '', id: rest[3] ?? '' } : null}
          onSaved={open}
          onCancel={() => navigate(section)}
          onOpen={open}
        />
      )}
      {mode === 'detail' && (
        <DetailView
          entity={entity}
          recordId={first!}
          readOnly={config.readOnly}
          derive={config.derive}
          onDerive={(target) => navigate(target, 'new', 'from', section, first!)}
          onEdit={() => navigate(section, first!, 'edit')}
          onPrint={() => navigate(section, first!, 'print')}
          onDeleted={() => navigate(section)}
        />
      )}
      {mode === 'print' && <PrintView entity={entity} recordId={first!} />}
      {mode === 'edit' && (
        <EditForm config={config} recordId={first!} onDone={() => navigate(section, first!)} onOpen={open} />
      )}
    </PageFrame>
  );
}

/** A new record; made "from" another section's record it starts prefilled and linked to it. */
function NewForm({
  config,
  from,
  onSaved,
  onCancel,
  onOpen,
}: {
  config: EntitySection;
  from: { section: string; id: string } | null;
  onSaved: (id: string) => void;
  onCancel: () => void;
  onOpen: (id: string) => void;
}) {
  const source = from && isSection(from.section) ? ENTITY_SECTIONS[from.section] : undefined;
  const record = useRecord(source?.entity ?? config.entity, source ? from!.id : null);
  const office = useOffice();
  if (!office.loaded) return null;
  if (!source)
    return (
      <SchemaForm
        key="new"
        entity={config.entity}
        recordId={null}
        initial={withOfficeCounty(config.entity, defaultValues(config.entity), office.scope)}
        onSaved={onSaved}
        onCancel={onCancel}
        onOpen={onOpen}
      />
    );
  if (record === undefined) return null;
  const rule = source.derive?.find((d) => d.section === config.section)?.prefill;
  const initial = withOfficeCounty(
    config.entity,
    record ? prefillFrom(config.entity, source.entity, from!.id, valuesOf(record), rule) : defaultValues(config.entity),
    office.scope,
  );
  return (
    <SchemaForm
      key={`from-${from!.id}`}
      entity={config.entity}
      recordId={null}
      origin={from!.id}
      initial={initial}
      onSaved={onSaved}
      onCancel={onCancel}
      onOpen={onOpen}
    />
  );
}

function EditForm({
  config,
  recordId,
  onDone,
  onOpen,
}: {
  config: EntitySection;
  recordId: string;
  onDone: () => void;
  onOpen: (id: string) => void;
}) {
  const record = useRecord(config.entity, recordId);
  if (!record) return null;
  return (
    <SchemaForm
      key={recordId}
      entity={config.entity}
      recordId={recordId}
      initial={valuesOf(record)}
      onSaved={onDone}
      onCancel={onDone}
      onOpen={onOpen}
    />
  );
}
