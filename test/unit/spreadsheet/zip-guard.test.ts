import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, guardZip, readWorkbook } from '@shared/spreadsheet';
import { fixture } from './helpers';

/** Offsets of every central-directory entry and its local header in a zip. */
function entries(bytes: Uint8Array): { name: string; cen: number; local: number }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const out: { name: string; cen: number; local: number }[] = [];
  let p = v.getUint32(eocd + 16, true);
  for (let i = 0; i < v.getUint16(eocd + 10, true); i++) {
    const n = v.getUint16(p + 28, true);
    out.push({
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + n)),
      cen: p,
      local: v.getUint32(p + 42, true),
    });
    p += 46 + n + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return out;
}

describe('guardZip', () => {
  it('lists the entries of a real workbook with their declared sizes', () => {
    const g = guardZip(fixture('survey.xlsx'), DEFAULT_LIMITS);
    expect(g.ok).toBe(true);
    if (g.ok) expect(g.entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
  });

  it('gives SheetJS local headers that carry the checked central sizes, so a lying local header cannot inflate more', () => {
    const bytes = fixture('survey.xlsx').slice();
    const sheet = entries(bytes).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const v = new DataView(bytes.buffer);
    v.setUint16(sheet.local + 6, v.getUint16(sheet.local + 6, true) | 0x0008, true); // "sizes follow in a data descriptor"
    v.setUint32(sheet.local + 22, 0, true); // local size unknown: SheetJS would inflate without bound
    const g = guardZip(bytes, DEFAULT_LIMITS);
    if (!g.ok) throw new Error(g.reason);
    const out = new DataView(g.bytes.buffer, g.bytes.byteOffset);
    expect(out.getUint16(sheet.local + 6, true) & 0x0008).toBe(0);
    expect(out.getUint32(sheet.local + 22, true)).toBe(v.getUint32(sheet.cen + 24, true));
    expect(readWorkbook(bytes, 'survey.xlsx').ok).toBe(true);
  });

  it('a central directory that understates a size yields a truncated sheet (inflation stops at the declared size): nothing is imported', () => {
    const bytes = fixture('survey.xlsx').slice();
    const sheet = entries(bytes).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    new DataView(bytes.buffer).setUint32(sheet.cen + 24, 200, true);
    const r = readWorkbook(bytes, 'survey.xlsx');
    expect(r.ok ? 'read' : r.code).toBe('EMPTY'); // the 200 bytes hold no complete row
  });

  it('ZIP64 size markers are refused as ZIP_BOMB', () => {
    const bytes = fixture('survey.xlsx').slice();
    const first = entries(bytes)[0]!;
    new DataView(bytes.buffer).setUint32(first.cen + 24, 0xffffffff, true);
    const g = guardZip(bytes, DEFAULT_LIMITS);
    expect(g).toMatchObject({ ok: false, code: 'ZIP_BOMB' });
  });
});
