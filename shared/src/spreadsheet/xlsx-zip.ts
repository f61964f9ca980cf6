/**
 * Post-processing of an xlsx SheetJS wrote: SheetJS Community Edition 0.20.3 reads past <dataValidations> and
 * cannot write them (no `!dataValidation` support), so templates add them to the sheet XML here, through
 * SheetJS's own zip reader/writer (XLSX.CFB). Also marks sheets hidden in workbook.xml.
 */
import * as XLSX from 'xlsx';

export interface DataValidation {
  /** A1 range, e.g. "L4:L1003". */
  sqref: string;
  type: 'list' | 'whole' | 'decimal' | 'date' | 'textLength';
  operator?: 'between' | 'greaterThanOrEqual' | 'lessThanOrEqual' | 'equal';
  formula1: string;
  formula2?: string;
  /** false: a wrong entry only warns (used for multi-choice lists, where 「a、b」 is typed by hand). */
  strict: boolean;
  promptTitle?: string;
  prompt?: string;
  errorTitle?: string;
  error?: string;
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function dataValidationsXml(list: readonly DataValidation[]): string {
  const items = list.map((v) => {
    const attrs = [
      `type="${v.type}"`,
      v.operator && v.type !== 'list' ? `operator="${v.operator}"` : '',
      'allowBlank="1"',
      v.prompt ? 'showInputMessage="1"' : '',
      'showErrorMessage="1"',
      v.strict ? 'errorStyle="stop"' : 'errorStyle="warning"',
      v.promptTitle ? `promptTitle="${xmlEscape(v.promptTitle.slice(0, 32))}"` : '',
      v.prompt ? `prompt="${xmlEscape(v.prompt.slice(0, 255))}"` : '',
      v.errorTitle ? `errorTitle="${xmlEscape(v.errorTitle.slice(0, 32))}"` : '',
      v.error ? `error="${xmlEscape(v.error.slice(0, 255))}"` : '',
      `sqref="${v.sqref}"`,
    ].filter((a) => a !== '');
    const f2 = v.formula2 !== undefined ? `<formula2>${xmlEscape(v.formula2)}</formula2>` : '';
    return `<dataValidation ${attrs.join(' ')}><formula1>${xmlEscape(v.formula1)}</formula1>${f2}</dataValidation>`;
  });
  return `<dataValidations count="${list.length}">${items.join('')}</dataValidations>`;
}

/** Elements that must follow <dataValidations> in CT_Worksheet (ECMA-376 Part 1, 18.3.1.99). */
const AFTER_VALIDATIONS = [
  '<hyperlinks',
  '<printOptions',
  '<pageMargins',
  '<pageSetup',
  '<headerFooter',
  '<rowBreaks',
  '<colBreaks',
  '<customProperties',
  '<cellWatches',
  '<ignoredErrors',
  '<smartTags',
  '<drawing',
  '<legacyDrawing',
  '<picture',
  '<oleObjects',
  '<controls',
  '<webPublishItems',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

export function insertDataValidations(sheetXml: string, list: readonly DataValidation[]): string {
  if (list.length === 0) return sheetXml;
  const at = Math.min(...AFTER_VALIDATIONS.map((tag) => sheetXml.indexOf(tag)).filter((i) => i >= 0));
  return sheetXml.slice(0, at) + dataValidationsXml(list) + sheetXml.slice(at);
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Rewrites parts of an xlsx: `edits` maps a zip path (e.g. "xl/worksheets/sheet1.xml") to a function of its text. */
export function editXlsx(bytes: Uint8Array, edits: Readonly<Record<string, (xml: string) => string>>): Uint8Array {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  for (const [path, edit] of Object.entries(edits)) {
    const entry = XLSX.CFB.find(zip, `/${path}`);
    if (!entry || !entry.content) throw new Error(`xlsx has no ${path}`);
    const content = encoder.encode(edit(decoder.decode(entry.content as Uint8Array)));
    entry.content = content;
    entry.size = content.length;
  }
  const out = XLSX.CFB.write(zip, { type: 'array', fileType: 'zip', compression: true }) as number[] | Uint8Array;
  return out instanceof Uint8Array ? out : new Uint8Array(out);
}

/** Reads one part of an xlsx as text (tests and checks). */
export function readXlsxPart(bytes: Uint8Array, path: string): string | null {
  const entry = XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'array' }), `/${path}`);
  return entry?.content ? decoder.decode(entry.content as Uint8Array) : null;
}
