/**
 * One A4 page per record (a demand, a visit) for offices to print and file: title, every filled field,
 * who last changed it. The app frame is hidden when printing. Test ids: print-view, print-now.
 */
import type { EntityName } from '@shared/change/op';
import { getSchema } from '@shared/domain/registry';
import { Button } from 'antd';
import { AttachmentList } from '../../components/schema/Attachments';
import { displayValue } from '../../components/schema/display';
import { useRecord, useRefTitles } from '../../data/useRecords';
import { formatDateTime } from '../../format';
import { pick, useLang, useT } from '../../i18n';
import { titleOf, valuesOf } from '../../storage/repositories';

const PRINT_CSS = `
@page { size: A4; margin: 18mm; }
@media print {
  body * { visibility: hidden; }
  [data-testid="print-view"], [data-testid="print-view"] * { visibility: visible; }
  [data-testid="print-view"] { position: absolute; left: 0; top: 0; width: 100%; }
  [data-testid="print-now"] { display: none; }
}`;

export function PrintView({ entity, recordId }: { entity: EntityName; recordId: string }) {
  const t = useT();
  const lang = useLang();
  const record = useRecord(entity, recordId);
  const schema = getSchema(entity);
  const titles = useRefTitles([...new Set(schema.fields.flatMap((f) => (f.target ? [f.target] : [])))]);
  if (!record) return null;
  const values = valuesOf(record);
  const cell = { border: '1px solid #999', padding: '6px 8px', verticalAlign: 'top' } as const;
  return (
    <div data-testid="print-view" style={{ background: '#fff', padding: 24, maxWidth: '210mm', fontSize: 13 }}>
      <style>{PRINT_CSS}</style>
      <Button data-testid="print-now" type="primary" onClick={() => window.print()} style={{ marginBottom: 16 }}>
        {t('print.button')}
      </Button>
      <h2 style={{ textAlign: 'center', margin: '0 0 4px' }}>{pick(schema.labels, lang)}</h2>
      <h3 style={{ textAlign: 'center', margin: '0 0 16px', fontWeight: 400 }}>{titleOf(entity, values)}</h3>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {schema.fields
            .filter((f) => values[f.name] !== undefined && values[f.name] !== null)
            .map((f) => (
              <tr key={f.name}>
                <th style={{ ...cell, width: '28%', textAlign: 'left', background: '#f5f5f5' }}>
                  {pick(f.labels, lang)}
                </th>
                <td style={{ ...cell, whiteSpace: 'pre-wrap' }}>
                  {f.kind === 'attachments' && Array.isArray(values[f.name]) ? (
                    <AttachmentList value={values[f.name] as string[]} />
                  ) : (
                    displayValue(f, values[f.name], lang, f.target ? titles.get(f.target) : undefined)
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <p style={{ marginTop: 24, display: 'flex', justifyContent: 'space-between' }}>
        <span>
          {t('detail.updatedBy', { name: record.last.operator, time: formatDateTime(record.last.hlc.slice(0, 24)) })}
        </span>
        <span>{t('print.printedAt', { time: formatDateTime(new Date()) })}</span>
      </p>
      <p style={{ marginTop: 32 }}>{t('print.signature')}</p>
    </div>
  );
}
