/**
 * 从 Excel 导入: choose the file and what to import it as, watch the worker's progress, correct the column
 * mapping, read the dry run, commit the valid rows (one batch, all or nothing), download the error report.
 */
import type { EntityName } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import { Alert, Button, Modal, Progress, Select, Space, Typography } from 'antd';
import { useSession } from '../../app/session';
import { pick, useLang, useT } from '../../i18n';
import { openSpreadsheet } from '../../spreadsheet/save-file';
import { DryRunSummary, DryRunTable } from './DryRunTable';
import { FillValues } from './FillValues';
import { MappingEditor } from './MappingEditor';
import { saveAndTell } from './save-and-tell';
import { useImportFlow } from './useImportFlow';

export const IMPORTABLE: readonly EntityName[] = ['demand', 'enterprise', 'commissioner', 'visit'];

export function ImportDialog({ entity, open, onClose }: { entity: EntityName; open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('import.dialog.title')}
      width={1040}
      footer={
        <Button data-testid="import-close" onClick={onClose}>
          {t('import.dialog.close')}
        </Button>
      }
      destroyOnHidden
    >
      <ImportBody initialEntity={IMPORTABLE.includes(entity) ? entity : 'demand'} />
    </Modal>
  );
}

function ImportBody({ initialEntity }: { initialEntity: EntityName }) {
  const t = useT();
  const lang = useLang();
  const operator = useSession((s) => s.currentOperator);
  const flow = useImportFlow(initialEntity);
  const { result, busy, file } = flow;
  const ready = result?.ok ? result : null;
  const writes = ready ? Object.values(ready.plan.summary.byEntity).reduce((n, c) => n + c.create + c.update, 0) : 0;
  const blocked = ready ? ready.problems.some((p) => p.code !== 'DUPLICATE_TARGET') : true;

  const choose = async (): Promise<void> => {
    const picked = await openSpreadsheet();
    if (picked) await flow.choose(picked);
  };
  const downloadErrors = async (): Promise<void> => {
    const bytes = flow.errorReport();
    if (!bytes || !file) return;
    await saveAndTell(t, `${file.name.replace(/\.[^.]+$/, '')}-${t('import.file.errors')}.xlsx`, bytes);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-dialog">
      <Space wrap>
        <Typography.Text>{t('import.dialog.entity')}</Typography.Text>
        <Select
          data-testid="import-entity"
          style={{ width: 180 }}
          value={flow.entity}
          disabled={busy !== null}
          options={IMPORTABLE.map((e) => ({ value: e, label: pick(getSchema(e).labels, lang) }))}
          onChange={(e: EntityName) => void flow.setEntity(e)}
        />
        <Button type="primary" data-testid="import-choose" disabled={busy !== null} onClick={() => void choose()}>
          {t('import.dialog.chooseFile')}
        </Button>
        {file && (
          <Typography.Text data-testid="import-file">{t('import.dialog.file', { name: file.name })}</Typography.Text>
        )}
      </Space>

      {busy && (
        <div data-testid="import-progress">
          <Typography.Text>{t(`import.stage.${busy.stage}`)}</Typography.Text>
          <Progress percent={Math.round(busy.fraction * 100)} status="active" />
        </div>
      )}

      {flow.failure && (
        <Alert
          type="error"
          showIcon
          data-testid="import-failure"
          message={
            flow.failure.kind === 'commit'
              ? t('import.commitFailed', { reason: flow.failure.message })
              : t('import.failed', { reason: flow.failure.message })
          }
        />
      )}

      {result && !result.ok && (
        <Alert
          type="error"
          showIcon
          data-testid="import-refused"
          data-code={result.error.code}
          message={`${t('import.refused.title')}：${t(`import.refused.${result.error.code}`)}`}
          description={`${pick(result.error.message, lang)} ${t('import.refused.nothingWritten')}`}
        />
      )}

      {flow.committed && (
        <Alert
          type="success"
          showIcon
          data-testid="import-committed"
          message={t('import.committed', {
            records: Object.values(flow.committed.written).reduce((n, c) => n + c, 0),
            ops: flow.committed.ops,
          })}
        />
      )}

      {ready && (
        <>
          {ready.problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="import-problems"
              message={ready.problems.map((p) => pick(p.message, lang)).join('；')}
            />
          )}
          {ready.plan.notices.length > 0 && (
            <Alert
              type="info"
              showIcon
              data-testid="import-notices"
              message={t('import.notices')}
              description={ready.plan.notices.map((n) => pick(n.message, lang)).join('；')}
            />
          )}
          {ready.gaps.length > 0 && (
            <Alert
              type="info"
              showIcon
              data-testid="import-gaps"
              title={t('import.gaps')}
              description={ready.gaps.map((g) => pick(g.message, lang)).join('；')}
            />
          )}
          <MappingEditor
            entity={flow.entity}
            mapping={ready.mapping}
            disabled={busy !== null}
            onChange={(c, target) => void flow.retarget(c, target)}
          />
          <FillValues
            entity={flow.entity}
            fields={[...new Set([...ready.gaps.map((g) => g.target.field), ...flow.filled])]}
            values={ready.mapping.defaults}
            disabled={busy !== null}
            onFill={(field, value) => void flow.fill(field, value)}
          />
          <DryRunSummary plan={ready.plan} />
          <DryRunTable
            key={`${file?.name}-${ready.plan.summary.rows}-${ready.plan.summary.invalid}`}
            plan={ready.plan}
          />
          {!operator && (
            <Alert
              type="warning"
              showIcon
              data-testid="import-need-operator"
              message={t('import.commit.needOperator')}
            />
          )}
          <Space>
            <Button
              type="primary"
              data-testid="import-commit"
              disabled={busy !== null || blocked || writes === 0 || !operator}
              onClick={() => operator && void flow.commit(operator)}
            >
              {blocked
                ? t('import.commit.blocked')
                : writes === 0
                  ? t('import.commit.none')
                  : t('import.commit', { count: ready.plan.summary.valid })}
            </Button>
            {ready.plan.summary.invalid > 0 && (
              <Button data-testid="import-error-report" onClick={() => void downloadErrors()}>
                {t('import.errorReport', { count: ready.plan.summary.invalid })}
              </Button>
            )}
          </Space>
        </>
      )}
    </Space>
  );
}
