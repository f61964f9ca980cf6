/** zh-CN first formats for dates and amounts (万元). Pure functions: tests call them directly. */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { translate, type Lang } from '../i18n';

const pad = (n: number): string => String(n).padStart(2, '0');

function parts(value: string | Date): { y: number; m: number; d: number } | null {
  if (typeof value === 'string') {
    const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (ymd) return { y: Number(ymd[1]), m: Number(ymd[2]), d: Number(ymd[3]) };
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate() };
}

/** 2026-11-28, for tables and compact places. Empty for an unreadable value. */
export function formatDateShort(value: string | Date): string {
  const p = parts(value);
  return p ? `${p.y}-${pad(p.m)}-${pad(p.d)}` : '';
}

/** 2026年11月28日 in Chinese; 11/28/2026 in English. */
export function formatDateLong(value: string | Date, lang: Lang): string {
  const p = parts(value);
  return p ? translate(lang, 'format.dateLong', { y: p.y, m: p.m, d: p.d }) : '';
}

/** 2026-11-28 14:05, local time, for "when" columns (history, last sync). */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return `${formatDateShort(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The wall time of an HLC string (its first 24 characters are ISO UTC). */
export function hlcTime(hlc: string): Date {
  return new Date(hlc.slice(0, 24));
}

/** 50 → 「50.00 万元」; thousands are grouped (1,234.50 万元). */
export function formatAmount(value: number, lang: Lang): string {
  const text = value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${text} ${translate(lang, 'format.amountUnit')}`;
}

/** Plain count with grouping: 100,000. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * dayjs (antd's calendars) speaks the UI's language: without this the Chinese UI's calendar shows「2026年 Dec」
 * and「Su Mo Tu」. Returns the dayjs locale name set.
 */
export function applyDayjsLocale(lang: Lang): string {
  return dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
}

/**
 * 2026年12月4日 17:50 (12/4/2026 17:50), local time: for times in views whose dates are long (details, history,
 * print), so one view shows one date format.
 */
export function formatDateTimeLong(value: string | Date, lang: Lang): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return `${formatDateLong(date, lang)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
