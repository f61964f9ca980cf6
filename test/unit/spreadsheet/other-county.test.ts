// Scope at entry: a county office's import lists the rows of other counties as 其他县 with a count per county and
// imports only its own county's rows; a city imports its counties, the province every county.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OfficeScope } from '@shared/domain/scope';
import { planWrites } from '@shared/spreadsheet';
import { planFile } from './helpers';

const ANPING = '131125'; // 安平县, 衡水市
const QINGHE = '130534'; // 清河县, 邢台市

/** The survey with rows 12 and 13 moved to 安平县 and row 15 to 清河县 (its county column). */
function mixedSurvey(): Uint8Array {
  const lines = readFileSync(path.resolve(__dirname, '../../fixtures/spreadsheets/survey-utf8.csv'), 'utf8').split(
    '\n',
  );
  // Sheet row n is line n + 1 of the file: a header cell holds a quoted line break.
  const move = (row: number, county: string): void => {
    const before = lines[row]!;
    lines[row] = before.replace(',高阳县,', `,${county},`);
    if (lines[row] === before) throw new Error(`row ${row} names no 高阳县`);
  };
  move(12, '安平县');
  move(13, '安平县');
  move(15, '清河县');
  return new TextEncoder().encode(lines.join('\n'));
}

const plan = (scope?: OfficeScope) => planFile('mixed.csv', { bytes: mixedSurvey(), ...(scope ? { scope } : {}) }).plan;
const rowsWith = (p: ReturnType<typeof plan>, status: string): number[] =>
  p.rows.filter((r) => r.status === status).map((r) => r.row);

describe('an import with rows of other counties', () => {
  it("a county office: the other counties' rows are 其他县, counted per county, and not written", () => {
    const p = plan({ level: 'county', code: '130628' });
    expect(rowsWith(p, 'other_county')).toEqual([12, 13, 15]);
    expect(p.rows.filter((r) => r.status === 'other_county').map((r) => r.county)).toEqual([ANPING, ANPING, QINGHE]);
    expect(rowsWith(p, 'valid')).toEqual([6, 7, 8, 16]);
    expect(p.summary).toMatchObject({
      valid: 4,
      invalid: 4,
      otherCounty: 3,
      otherCounties: { [ANPING]: 2, [QINGHE]: 1 },
    });
    const written = planWrites(p);
    expect(written.every((w) => w.values.county === undefined || w.values.county === '130628')).toBe(true);
    expect(written.filter((w) => w.entity === 'demand')).toHaveLength(4);
  });

  it('a city office (保定市) still leaves out counties of other cities', () => {
    const p = plan({ level: 'city', code: '130600' });
    expect(rowsWith(p, 'other_county')).toEqual([12, 13, 15]);
  });

  it("the province imports every county's rows", () => {
    const p = plan({ level: 'province', code: '130000' });
    expect(rowsWith(p, 'other_county')).toEqual([]);
    expect(rowsWith(p, 'valid')).toEqual([6, 7, 8, 12, 13, 15, 16]);
    expect(p.summary.otherCounty).toBe(0);
    const counties = planWrites(p).flatMap((w) => (w.entity === 'demand' ? [w.values.county] : []));
    expect(counties.filter((c) => c === ANPING)).toHaveLength(2);
  });
});
