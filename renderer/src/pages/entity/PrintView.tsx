/**
 * One A4 page per record (a demand, a visit) for offices to print, sign, seal and file: the office's heading,
 * every filled field, photos at a legible size, 经办人 and 审核人 lines with a date and a 盖章 area.
 *
 * Exactly one page: the sheet is rendered twice, as the on-screen preview and as a copy directly under <body>
 * that only print media shows (the app frame is display:none when printing, so it adds no blank page). The
 * copy is measured on screen and, when a long record would spill over, zoomed down to fit the A4 page.
 * Times are local (the office's wall clock), one date format on the sheet.
 */
import type { EntityName } from '@shared/change/op';
import { getDivision } from '@shared/domain/divisions';
import { getSchema } from '@shared/domain/registry';
import type { FieldDef } from '@shared/domain/schema';
import { Button } from 'antd';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { PhotoThumb } from '../../components/schema/Attachments';
import { displayValue } from '../../components/schema/display';
import { useRecord, useRefTitles } from '../../data/useRecords';
import { formatDateTimeLong, hlcTime } from '../../format';
import { pick, useLang, useT } from '../../i18n';
import { titleOf, valuesOf, type Values } from '../../storage/repositories';

/** A4 less the page margins (10 mm each side), in CSS pixels at 96 dpi. */
const PAGE_MARGIN_MM = 10;
const MM = 96 / 25.4;
export const PRINTABLE = { width: (210 - 2 * PAGE_MARGIN_MM) * MM, height: (297 - 2 * PAGE_MARGIN_MM) * MM };

const PRINT_CSS = `
@page { size: A4; margin: ${PAGE_MARGIN_MM}mm; }
.ld-print-sheet { position: absolute; left: -10000px; top: 0; visibility: hidden; }
@media print {
  html, body { height: auto !important; overflow: visible !important; background: #fff !important; }
  body > *:not(.ld-print-sheet) { display: none !important; }
  .ld-print-sheet { position: static; visibility: visible; }
}`;

/** The zoom that fits content of this height on the printable page (never enlarges). */
export function fitZoom(contentHeight: number, available = PRINTABLE.height): number {
  if (!(contentHeight > available)) return 1;
  return Math.floor((available / contentHeight) * 1000) / 1000;
}

export function PrintView({ entity, recordId }: { entity: EntityName; recordId: string }) {
  const t = useT();
  const lang = useLang();
  const record = useRecord(entity, recordId);
  const copy = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  useLayoutEffect(() => {
    const el = copy.current;
    if (!el) return;
    const measure = (): void => setZoom(fitZoom(el.scrollHeight));
    measure();
    // photos load after the first layout and change the height
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => observer?.disconnect();
  });
  if (!record) return null;
  const values = valuesOf(record);
  const lastChanged = formatDateTimeLong(hlcTime(record.last.hlc), lang);
  return (
    <>
      <style>{PRINT_CSS}</style>
      <div style={{ marginBottom: 16 }}>
        <Button data-testid="print-now" type="primary" onClick={() => window.print()}>
          {t('print.button')}
        </Button>
      </div>
      <div
        data-testid="print-view"
        style={{ background: '#fff', padding: `${PAGE_MARGIN_MM}mm`, width: '210mm', boxShadow: '0 0 4px #ccc' }}
      >
        <Sheet entity={entity} values={values} operator={record.last.operator} lastChanged={lastChanged} />
      </div>
      {createPortal(
        <div className="ld-print-sheet" data-testid="print-sheet" data-zoom={zoom}>
          <div ref={copy} style={{ width: PRINTABLE.width, zoom }}>
            <Sheet entity={entity} values={values} operator={record.last.operator} lastChanged={lastChanged} />
          </div>
        </div>,
        document.body,
      )}
    </>
  );
}

function Sheet({
  entity,
  values,
  operator,
  lastChanged,
}: {
  entity: EntityName;
  values: Values;
  operator: string;
  lastChanged: string;
}) {
  const t = useT();
  const lang = useLang();
  const schema = getSchema(entity);
  const titles = useRefTitles([...new Set(schema.fields.flatMap((f) => (f.target ? [f.target] : [])))]);
  const county = typeof values.county === 'string' ? getDivision(values.county)?.name : undefined;
  const filled = schema.fields.filter((f) => !f.system && isFilled(values[f.name]) && f.kind !== 'attachments');
  const photos = schema.fields.flatMap((f) =>
    f.kind === 'attachments' && Array.isArray(values[f.name]) ? (values[f.name] as string[]) : [],
  );
  const text = (f: FieldDef): string =>
    displayValue(f, values[f.name], lang, f.target ? titles.get(f.target) : undefined);
  const cell = { border: '1px solid #777', padding: '4px 6px', verticalAlign: 'top', lineHeight: 1.45 } as const;
  const head = { ...cell, background: '#f3f3f3', textAlign: 'left', fontWeight: 600, width: '16%' } as const;
  // short fields two to a row, long texts on a row of their own: the most that fits one page legibly
  const rows: ReactNode[] = [];
  let pair: FieldDef[] = [];
  const flush = (): void => {
    if (pair.length === 0) return;
    const [a, b] = pair;
    rows.push(
      <tr key={a!.name}>
        <th style={head}>{pick(a!.labels, lang)}</th>
        <td style={{ ...cell, width: '34%' }} colSpan={b ? 1 : 3}>
          {text(a!)}
        </td>
        {b && <th style={head}>{pick(b.labels, lang)}</th>}
        {b && <td style={{ ...cell, width: '34%' }}>{text(b)}</td>}
      </tr>,
    );
    pair = [];
  };
  for (const f of filled) {
    if (f.kind === 'longtext') {
      flush();
      rows.push(
        <tr key={f.name}>
          <th style={head}>{pick(f.labels, lang)}</th>
          <td style={{ ...cell, whiteSpace: 'pre-wrap' }} colSpan={3}>
            {text(f)}
          </td>
        </tr>,
      );
    } else {
      pair.push(f);
      if (pair.length === 2) flush();
    }
  }
  flush();
  const office = county ? t('print.officeOf', { county }) : t('print.officeUnknown');
  return (
    <div style={{ fontSize: 13, color: '#000', fontFamily: 'serif' }}>
      <div style={{ textAlign: 'center', fontSize: 15 }} data-testid="print-office">
        {t('print.heading', { office })}
      </div>
      <h2 style={{ textAlign: 'center', margin: '4px 0 2px', fontSize: 20, letterSpacing: 2 }}>
        {t('print.formTitle', { entity: pick(schema.labels, lang) })}
      </h2>
      <div style={{ textAlign: 'center', marginBottom: 8 }}>{titleOf(entity, values)}</div>
      <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}>
        <tbody>{rows}</tbody>
      </table>
      {photos.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('print.photos')}</div>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {photos.map((sha) => (
              <PhotoThumb key={sha} sha256={sha} size="60mm" />
            ))}
          </div>
        </div>
      )}
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16, gap: 16 }}>
        <div style={{ lineHeight: 2.4 }}>
          <div>
            {t('print.handler')}
            <span style={{ display: 'inline-block', width: '40mm', borderBottom: '1px solid #000' }} />
            {'　'}
            {t('print.signDate')}
          </div>
          <div>
            {t('print.reviewer')}
            <span style={{ display: 'inline-block', width: '40mm', borderBottom: '1px solid #000' }} />
            {'　'}
            {t('print.signDate')}
          </div>
        </div>
        <div
          data-testid="print-seal"
          style={{
            width: '42mm',
            height: '30mm',
            border: '1px dashed #777',
            display: 'flex',
            alignItems: 'flex-end',
            justifyContent: 'center',
            paddingBottom: 4,
          }}
        >
          {t('print.seal')}
        </div>
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 8, fontSize: 11, color: '#333' }}>
        <span>{t('detail.updatedBy', { name: operator, time: lastChanged })}</span>
        <span>{t('print.printedAt', { time: formatDateTimeLong(new Date(), lang) })}</span>
      </div>
    </div>
  );
}

const isFilled = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
