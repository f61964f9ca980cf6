/**
 * The Excel buttons of a record list: 导入 Excel, 下载模板 (the three forms), 导出 of the rows shown (需求清单 /
 * 走访台账), and the county monthly report.
 */
import type { EntityName } from '@shared/change/op';
import { getDivision } from '@shared/domain';
import { templateWorkbook, type TemplateKind } from '@shared/spreadsheet';
import { Button, Dropdown, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import {
  countiesWithRecords,
  LIST_EXPORTS,
  listExportWorkbook,
  monthlyReportBytes,
  today,
} from '../../spreadsheet/exports';
import { ImportDialog } from './ImportDialog';
import { saveAndTell } from './save-and-tell';
import { useShownRows } from './shown-rows';

const TEMPLATE_KINDS: readonly TemplateKind[] = ['demandSurvey', 'visitLedger', 'commissionerRoster'];
/** The form a list's office is most likely to want first. */
const FIRST_TEMPLATE: Partial<Record<EntityName, TemplateKind>> = {
  visit: 'visitLedger',
  commissioner: 'commissionerRoster',
};

export function SpreadsheetBar({ entity }: { entity: EntityName }) {
  const t = useT();
  const [importing, setImporting] = useState(false);
  const [reporting, setReporting] = useState(false);
  const shown = useShownRows(entity);
  const first = FIRST_TEMPLATE[entity] ?? 'demandSurvey';
  const kinds = [first, ...TEMPLATE_KINDS.filter((k) => k !== first)];
  const listExport = LIST_EXPORTS[entity];

  const downloadTemplate = async (kind: TemplateKind): Promise<void> => {
    await saveAndTell(t, `${t(`import.template.${kind}`)}.xlsx`, templateWorkbook(kind));
  };
  const exportShown = async (): Promise<void> => {
    if (!listExport) return;
    const bytes = await listExportWorkbook(
      entity,
      shown,
      t('import.export.subtitle', { time: today(), count: shown.length }),
    );
    if (bytes) await saveAndTell(t, `${t(listExport.fileKey)}-${today()}.xlsx`, bytes);
  };

  return (
    <Space wrap data-testid="spreadsheet-bar">
      <Button data-testid="import-open" onClick={() => setImporting(true)}>
        {t('import.open')}
      </Button>
      <Dropdown
        trigger={['click']}
        menu={{
          items: kinds.map((k) => ({
            key: k,
            label: <span data-testid={`template-${k}`}>{t(`import.template.${k}`)}</span>,
          })),
          onClick: (e) => void downloadTemplate(e.key as TemplateKind),
        }}
      >
        <Button data-testid="template-download">{t('import.template')}</Button>
      </Dropdown>
      {listExport && (
        <Button
          data-testid="list-export"
          disabled={shown.length === 0}
          title={shown.length === 0 ? t('import.export.empty') : undefined}
          onClick={() => void exportShown()}
        >
          {t('import.export')}
        </Button>
      )}
      <Button data-testid="monthly-open" onClick={() => setReporting(true)}>
        {t('import.monthly')}
      </Button>
      {importing && <ImportDialog entity={entity} open={importing} onClose={() => setImporting(false)} />}
      {reporting && <MonthlyReportDialog onClose={() => setReporting(false)} />}
    </Space>
  );
}

function MonthlyReportDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [counties, setCounties] = useState<string[] | null>(null);
  const [county, setCounty] = useState<string | null>(null);
  const [month, setMonth] = useState(today().slice(0, 7));
  useEffect(() => {
    let live = true;
    void countiesWithRecords().then((list) => {
      if (!live) return;
      setCounties(list);
      setCounty(list[0] ?? null);
    });
    return () => {
      live = false;
    };
  }, []);
  const save = async (): Promise<void> => {
    if (!county || !/^\d{4}-\d{2}$/.test(month)) return;
    await saveAndTell(
      t,
      `${t('import.file.monthly')}-${getDivision(county)?.name ?? county}-${month}.xlsx`,
      await monthlyReportBytes(county, month),
    );
    onClose();
  };
  return (
    <Modal
      open
      onCancel={onClose}
      title={t('import.monthly.title')}
      okButtonProps={{ disabled: !county, ...({ 'data-testid': 'monthly-export' } as Record<string, string>) }}
      onOk={() => void save()}
    >
      {counties !== null && counties.length === 0 ? (
        <Typography.Text type="secondary">{t('import.monthly.noCounty')}</Typography.Text>
      ) : (
        <Space orientation="vertical">
          <Typography.Text>{t('import.monthly.county')}</Typography.Text>
          <Select
            data-testid="monthly-county"
            style={{ width: 240 }}
            value={county}
            onChange={setCounty}
            options={(counties ?? []).map((c) => ({ value: c, label: getDivision(c)?.name ?? c }))}
          />
          <Typography.Text>{t('import.monthly.month')}</Typography.Text>
          <Input
            data-testid="monthly-month"
            style={{ width: 240 }}
            value={month}
            onChange={(e) => setMonth(e.target.value)}
            placeholder="2026-11"
          />
        </Space>
      )}
    </Modal>
  );
}
