/**
 * A date the clerk can type the way the importer reads it (「2027年3月1日」,「2027/9/1」,「20270301」, full-width
 * digits) or pick from a calendar. The typed text is read by the importer's own cell parser (shared coerceCell),
 * so the form and the import agree on what a date is. The form stores the ISO day (2027-03-01); text that is no
 * date is kept as typed, so the field's check names what is wrong instead of silently dropping it.
 * Typing is committed on blur and on Enter (then the form moves to the next field).
 */
import type { FieldDef } from '@shared/domain/schema';
import { coerceCell } from '@shared/domain/coerce';
import { CalendarOutlined } from '@ant-design/icons';
import { Button, Calendar, Input, Popover } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';

/** The ISO day for typed text, or null when the importer would refuse it as a date. */
export function parseTypedDate(field: FieldDef, text: string): string | null {
  const result = coerceCell(field, text);
  return result.ok && typeof result.value === 'string' ? result.value : null;
}

export interface DateInputProps {
  field: FieldDef;
  id: string;
  'data-testid': string;
  autoFocus?: boolean;
  value?: string | null;
  onChange?: (value: string | null) => void;
}

export function DateInput({ field, id, autoFocus, value, onChange, ...rest }: DateInputProps) {
  const t = useT();
  const [text, setText] = useState(value ?? '');
  const [open, setOpen] = useState(false);
  // the stored value changed from outside (a kept draft, the calendar, a reset): show it
  useEffect(() => setText(value ?? ''), [value]);

  const commit = (): void => {
    const typed = text.trim();
    if (typed === '') {
      if (value) onChange?.(null);
      return;
    }
    const iso = parseTypedDate(field, typed);
    const next = iso ?? typed;
    setText(next);
    if (next !== value) onChange?.(next);
  };

  const picked = typeof value === 'string' && dayjs(value, 'YYYY-MM-DD', true).isValid() ? dayjs(value) : dayjs();
  return (
    <Input
      id={id}
      data-testid={rest['data-testid']}
      autoFocus={autoFocus}
      value={text}
      placeholder={t('form.datePlaceholder')}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) commit();
      }}
      style={{ width: 220 }}
      suffix={
        <Popover
          open={open}
          onOpenChange={setOpen}
          trigger="click"
          placement="bottomLeft"
          content={
            <div style={{ width: 300 }} data-testid={`${rest['data-testid']}-calendar`}>
              <Calendar
                fullscreen={false}
                value={picked}
                onSelect={(d, info) => {
                  if (info.source !== 'date') return;
                  const iso = d.format('YYYY-MM-DD');
                  setText(iso);
                  onChange?.(iso);
                  setOpen(false);
                }}
              />
            </div>
          }
        >
          <Button
            type="text"
            size="small"
            tabIndex={-1}
            aria-label={t('form.pickDate')}
            data-testid={`${rest['data-testid']}-pick`}
            icon={<CalendarOutlined />}
            style={{ height: 22 }}
          />
        </Popover>
      }
    />
  );
}
