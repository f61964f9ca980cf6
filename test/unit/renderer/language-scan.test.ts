// No words of the other language reach the UI. Scanned: every renderer dictionary (main, sync, import, update,
// backup, forms), every text the shared schemas give the UI (labels, help, units, sections, options), every
// field-check message, every spreadsheet error, every status-move refusal, and the sync engine's progress as
// the 同步 page shows it. The Chinese UI shows no Latin words except the codes and units below; the English UI
// shows no Chinese characters and no full-width punctuation (「：」 is the one clerks notice first).
import { VALIDATION_CODES, fieldError } from '@shared/domain/messages';
import { SCHEMAS } from '@shared/domain/registry';
import type { Bilingual, FieldDef } from '@shared/domain/schema';
import { checkTransition, DEMAND_STATUSES, ROLE_LABELS, ROLES } from '@shared/domain/status';
import { SPREADSHEET_ERROR_CODES, spreadsheetError } from '@shared/spreadsheet/errors';
import { SyncError } from '@shared/sync/errors';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../../renderer/src/i18n';
import { syncProgressText } from '../../../renderer/src/sync/progress-text';

/** Latin that belongs in Chinese text: names of products, file types, standards, units, keys. */
const ALLOWED_LATIN = new Set(
  [
    'LinkDesk',
    'U',
    'USB',
    'PDF',
    'Excel',
    'WPS',
    'xlsx',
    'xls',
    'csv',
    'json',
    'CSV',
    'JSON',
    'XLSX',
    'PNG',
    'JPG',
    'JPEG',
    'GB',
    'T',
    'TRL',
    'COD',
    'Ctrl',
    'S',
    'N',
    'Enter',
    'Esc',
    'ID',
    'MB',
    'KB',
    'IP',
    'URL',
    'SM',
    'Ed',
    'SHA',
    'WebP',
    'HTTPS',
    'HTTP',
    'AI',
    'App',
    'OK',
    'QQ',
    'Tab',
    'R',
    'D',
  ].map((w) => w.toLowerCase()),
);
const LATIN_WORD = /[A-Za-z]+/g;
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
const FULL_WIDTH_PUNCT = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;

/** What is wrong with a Chinese text: Latin words that are not allowed codes or units. */
export function latinLeaks(text: string): string[] {
  const withoutPlaceholders = text.replace(/\{\w+\}/g, '').replace(/https?:\/\/\S+/g, '');
  return (withoutPlaceholders.match(LATIN_WORD) ?? []).filter((w) => !ALLOWED_LATIN.has(w.toLowerCase()));
}

/** What is wrong with an English text: Chinese characters or full-width punctuation. */
export function cjkLeaks(text: string): string[] {
  return [...text].filter((c) => CJK.test(c) || FULL_WIDTH_PUNCT.test(c));
}

/** The language switcher names each language in its own script (中文 / English), in both UIs. */
const isLanguageName = (key: string): boolean => key.startsWith('lang.') && key !== 'lang.label';

type Texts = { where: string; zh: string; en: string }[];

function sharedTexts(): Texts {
  const out: Texts = [];
  const add = (where: string, b: Bilingual | undefined): void => {
    if (b) out.push({ where, zh: b.zh, en: b.en });
  };
  for (const schema of Object.values(SCHEMAS)) {
    add(`${schema.name}.labels`, schema.labels);
    for (const [name, b] of Object.entries(schema.sections ?? {})) add(`${schema.name}.section.${name}`, b);
    for (const f of schema.fields) {
      const at = `${schema.name}.${f.name}`;
      add(`${at}.labels`, f.labels);
      add(`${at}.help`, f.help);
      add(`${at}.unit`, f.unit);
      for (const o of f.options ?? []) add(`${at}.option.${o.code}`, o.labels);
      for (const code of VALIDATION_CODES) add(`${at}.error.${code}`, fieldError(f, f.name, code, neutral(f)).message);
    }
  }
  for (const code of SPREADSHEET_ERROR_CODES)
    add(
      `spreadsheet.${code}`,
      spreadsheetError(code, new Proxy({}, { get: () => 3 }) as Record<string, number>).message,
    );
  for (const role of ROLES) add(`role.${role}`, ROLE_LABELS[role]);
  for (const from of DEMAND_STATUSES)
    for (const to of DEMAND_STATUSES)
      for (const role of ROLES) {
        const r = checkTransition(from, to, role);
        if (!r.ok) add(`transition.${from}.${to}.${role}`, r.error.message);
      }
  return out;
}

/** Parameters a message may name, in neither language's script (numbers, codes). */
function neutral(f: FieldDef): Record<string, number | string> {
  return new Proxy({}, { get: (_, key) => (key === 'value' ? 42 : f.kind === 'date' ? 1 : 3) }) as Record<
    string,
    number
  >;
}

describe('no other-language words reach the UI', () => {
  it('the checks themselves catch what they must', () => {
    expect(latinLeaks('密钥保存方式 file-dev-only')).toEqual(['file', 'dev', 'only']);
    expect(latinLeaks('请用 Excel 另存为 .xlsx（{count} 行），GB/T 22900')).toEqual([]);
    expect(cjkLeaks('Operator：Zhang San')).toEqual(['：']);
    expect(cjkLeaks('Operator: 张三')).toEqual(['张', '三']);
  });

  it('every Chinese dictionary entry is Chinese (codes and units aside)', () => {
    const leaks = Object.entries(DICTIONARIES['zh-CN']).flatMap(([key, text]) =>
      latinLeaks(text).length && !isLanguageName(key) ? [`${key}: ${text}`] : [],
    );
    expect(leaks).toEqual([]);
  });

  it('every English dictionary entry is free of Chinese characters and full-width punctuation', () => {
    const leaks = Object.entries(DICTIONARIES.en).flatMap(([key, text]) =>
      cjkLeaks(text).length && !isLanguageName(key) ? [`${key}: ${text}`] : [],
    );
    expect(leaks).toEqual([]);
  });

  it('every text the shared schemas and rules give the UI is in its own language', () => {
    const texts = sharedTexts();
    expect(texts.length).toBeGreaterThan(500);
    const leaks = texts.flatMap((t) => [
      ...(latinLeaks(t.zh).length ? [`zh ${t.where}: ${t.zh}`] : []),
      ...(cjkLeaks(t.en).length ? [`en ${t.where}: ${t.en}`] : []),
    ]);
    expect(leaks).toEqual([]);
  });

  it("the sync engine's progress is shown in the UI's words, in either language", () => {
    const steps = [
      { phase: 'seal', done: 0, total: 0 },
      { phase: 'push', done: 0, total: 3 },
      { phase: 'push', done: 3, total: 3 },
      { phase: 'pull', done: 1, total: -1 },
      { phase: 'done', done: 1, total: 1 },
    ] as const;
    for (const p of steps) {
      expect(latinLeaks(syncProgressText(p, 'zh-CN')), p.phase).toEqual([]);
      expect(cjkLeaks(syncProgressText(p, 'en')), p.phase).toEqual([]);
    }
    expect(syncProgressText({ phase: 'push', done: 0, total: 3 }, 'zh-CN')).toBe('正在上报第 1/3 个修改包');
    expect(syncProgressText({ phase: 'push', done: 0, total: 3 }, 'en')).toBe('Sending change package 1 of 3');
  });
});

describe('messages name the real buttons', () => {
  it('the offline hint names the USB card and its export button as the 同步 page shows them', () => {
    const offline = new SyncError('NETWORK').text;
    expect(offline.zh).toContain(`「${DICTIONARIES['zh-CN']['sync.usb.title']}」`);
    expect(offline.zh).toContain(`「${DICTIONARIES['zh-CN']['sync.usb.export']}」`);
    expect(offline.en).toContain(`"${DICTIONARIES.en['sync.usb.title']}"`);
    expect(offline.en).toContain(`"${DICTIONARIES.en['sync.usb.export']}"`);
  });
});
