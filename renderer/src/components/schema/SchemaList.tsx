/**
 * A record list whose columns come from the schema (listColumns), virtualised so that only the visible
 * rows exist in the page: it stays smooth at 100,000 rows. Rows open with a click or Enter.
 * Keyboard: the list is one tab stop; Up/Down (Page Up/Down, Home/End) move the active row, which is
 * highlighted, named by aria-activedescendant and scrolled into view; Enter opens it.
 * A column header click sorts by that column (again: the other way, a third time: back to newest first); a cell
 * cut short by its width shows its full text on hover.
 */
import type { EntityName } from '@shared/change/op';
import { listColumns } from '@shared/domain/index';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Typography } from 'antd';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ListSort } from '../../app/list-state';
import type { ListRow, TitlesByEntity } from '../../data/useRecords';
import { formatCount } from '../../format';
import { pick, useLang, useT } from '../../i18n';
import { displayValue } from './display';

export const ROW_HEIGHT = 40;

export interface SchemaListProps {
  entity: EntityName;
  rows: readonly ListRow[];
  titles: TitlesByEntity;
  onOpen: (recordId: string) => void;
  height?: number | string;
  /** The column the rows are sorted by (the rows come sorted); with onSort, headers become sort buttons. */
  sort?: ListSort | null;
  onSort?: (field: string) => void;
}

export function SchemaList({ entity, rows, titles, onOpen, height = '100%', sort, onSort }: SchemaListProps) {
  const lang = useLang();
  const t = useT();
  const columns = useMemo(() => listColumns(entity), [entity]);
  const template = columns.map((c) => `${c.listColumn!.width}px`).join(' ');
  const width = columns.reduce((sum, c) => sum + c.listColumn!.width, 0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 1200, height: 800 },
  });
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const found = activeId === null ? -1 : rows.findIndex((r) => r.id === activeId);
  // when the active row leaves the list (a new search), the first row becomes active
  const active = rows.length === 0 ? -1 : Math.max(found, 0);
  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const moveTo = (index: number): void => {
    const next = Math.min(rows.length - 1, Math.max(0, index));
    setActiveId(rows[next]?.id ?? null);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageRows,
      PageUp: active - pageRows,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      onOpen(rows[active]!.id);
    }
  };
  const cell = { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, height }}>
      <Typography.Text type="secondary" data-testid="record-count">
        {t('common.count', { count: formatCount(rows.length) })}
      </Typography.Text>
      <div
        ref={scroller}
        data-testid="record-list"
        role="grid"
        aria-rowcount={rows.length}
        tabIndex={0}
        aria-activedescendant={active >= 0 ? rowDomId(rows[active]!.id) : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        style={{
          flex: 1,
          minHeight: 240,
          overflow: 'auto',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          background: '#fff',
        }}
      >
        <div
          role="row"
          style={{
            display: 'grid',
            gridTemplateColumns: template,
            minWidth: width,
            position: 'sticky',
            top: 0,
            zIndex: 1,
            background: '#fafafa',
            fontWeight: 600,
            height: ROW_HEIGHT,
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {columns.map((c) => {
            const order = sort?.field === c.name ? sort.order : undefined;
            const label = pick(c.labels, lang);
            return (
              <div
                role="columnheader"
                key={c.name}
                data-testid={`column-${c.name}`}
                aria-sort={order === 'ascend' ? 'ascending' : order === 'descend' ? 'descending' : 'none'}
                title={onSort ? t('list.sortBy', { column: label }) : label}
                style={{ ...cell, cursor: onSort ? 'pointer' : undefined, userSelect: 'none' }}
                onClick={onSort ? () => onSort(c.name) : undefined}
              >
                {label}
                {order && <span style={{ marginLeft: 4, color: '#1677ff' }}>{order === 'ascend' ? '▲' : '▼'}</span>}
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: width }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const isActive = focused && item.index === active;
            return (
              <div
                key={row.id}
                id={rowDomId(row.id)}
                role="row"
                aria-rowindex={item.index + 1}
                aria-selected={isActive}
                data-testid="record-row"
                data-record-id={row.id}
                data-active={isActive ? 'true' : undefined}
                onClick={() => onOpen(row.id)}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: template,
                  alignItems: 'center',
                  borderBottom: '1px solid #f5f5f5',
                  cursor: 'pointer',
                  background: isActive ? '#e6f4ff' : undefined,
                  boxShadow: isActive ? 'inset 3px 0 0 #1677ff' : undefined,
                }}
              >
                {columns.map((c) => {
                  const text = displayValue(c, row.values[c.name], lang, c.target ? titles.get(c.target) : undefined);
                  return (
                    <div role="gridcell" key={c.name} style={cell} title={text}>
                      {text}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

const rowDomId = (recordId: string): string => `record-row-${recordId}`;
