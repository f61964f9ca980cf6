import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  detectMapping,
  mappableTargets,
  mappingGaps,
  mappingProblems,
  readWorkbook,
  setColumnTarget,
  type ColumnMapping,
  type Workbook,
} from '@shared/spreadsheet';
import { readOk } from './helpers';

const targets = (m: ColumnMapping): Record<string, string> =>
  Object.fromEntries(
    m.columns.filter((c) => c.target).map((c) => [c.letter, `${c.target!.entity}.${c.target!.field}`]),
  );

const SURVEY_TARGETS = {
  B: 'enterprise.name',
  C: 'enterprise.creditCode',
  D: 'demand.county',
  E: 'enterprise.contactPerson',
  F: 'enterprise.phone',
  G: 'demand.name',
  H: 'demand.problem',
  I: 'demand.keyTechnology',
  J: 'demand.expectedGoal',
  K: 'demand.keywords',
  L: 'demand.techField',
  M: 'demand.budget',
  N: 'demand.cooperationModes',
  O: 'demand.currentTrl',
  P: 'demand.targetTrl',
  Q: 'demand.surveyDate',
  R: 'demand.solveMode',
};

function book(rows: unknown[][], merges: XLSX.Range[] = []): Workbook {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = merges;
  const bytes = new Uint8Array(
    XLSX.write(XLSX.utils.book_new(ws, '表1'), { type: 'array', bookType: 'xlsx' }) as ArrayBuffer,
  );
  const wb = readWorkbook(bytes, 't.xlsx');
  if (!wb.ok) throw new Error(wb.code);
  return wb;
}

describe('detectMapping on the survey form', () => {
  it.each(['survey.xlsx', 'survey.xls', 'survey-utf8.csv', 'survey-gbk.csv'])(
    '%s: skips the title and date line, reads the two-row header under 「需求描述」, maps every column',
    (name) => {
      const m = detectMapping(readOk(name), 'demand');
      expect(m.headerRows).toEqual([2, 3]);
      expect(m.firstDataRow).toBe(4);
      expect(m.title).toEqual(['企业技术需求调查表', '填报日期：2024年3月1日']);
      expect(targets(m)).toEqual(SURVEY_TARGETS);
      expect(m.columns[0]).toMatchObject({ letter: 'A', header: '序号', target: null, matchedBy: 'none' });
      expect(m.columns[7]!.header).toBe('需求描述 / 主要问题');
      expect(mappingProblems(m)).toEqual([]);
    },
  );

  it('header text is normalised: 「*」 marks, line breaks, full-width brackets and 「（万元）」 units do not matter', () => {
    const m = detectMapping(
      book([['＊企业 名称', '统一社会\n信用代码', '需求名称', '投入资金(万元)', '所属领域：']]),
      'demand',
    );
    expect(targets(m)).toEqual({
      A: 'enterprise.name',
      B: 'enterprise.creditCode',
      C: 'demand.name',
      D: 'demand.budget',
      E: 'demand.techField',
    });
  });

  it('a filled-in date line above the header gives the date to every row when no column carries it', () => {
    const m = detectMapping(
      book([
        ['企业技术需求调查表'],
        ['填报日期：2024年3月1日'],
        ['企业名称', '统一社会信用代码', '需求名称'],
        ['甲', 'x', '需求'],
      ]),
      'demand',
    );
    expect(m.headerRows).toEqual([2]);
    expect(m.defaults).toEqual({ surveyDate: '2024年3月1日' });
    expect(m.title).toEqual(['企业技术需求调查表']);
  });

  it('a date line split over two cells (「填报日期：」 | 「2024-03-01」) works too', () => {
    const m = detectMapping(
      book([
        ['填报日期：', '2024-03-01'],
        ['企业名称', '统一社会信用代码', '需求名称'],
      ]),
      'demand',
    );
    expect(m.defaults).toEqual({ surveyDate: '2024-03-01' });
  });

  it('the sheet that matches best is chosen among visible sheets', () => {
    const a = XLSX.utils.aoa_to_sheet([['说明'], ['请按模板填写']]);
    const b = XLSX.utils.aoa_to_sheet([
      ['姓名', '派出单位', '特派员类别'],
      ['张三', '河北农大', '农业'],
    ]);
    const bytes = new Uint8Array(
      XLSX.write(
        { SheetNames: ['说明', '名册'], Sheets: { 说明: a, 名册: b } },
        { type: 'array', bookType: 'xlsx' },
      ) as ArrayBuffer,
    );
    const m = detectMapping(readWorkbook(bytes, 'r.xlsx') as Workbook, 'commissioner');
    expect(m.sheet).toBe('名册');
    expect(targets(m)).toEqual({ A: 'commissioner.name', B: 'commissioner.sendingUnit', C: 'commissioner.kind' });
  });

  it('no header found: mappingProblems says NO_HEADER', () => {
    const m = detectMapping(book([['随便写点什么'], ['没有表头']]), 'demand');
    expect(mappingProblems(m).map((p) => p.code)).toEqual(['NO_HEADER']);
  });
});

describe('the user corrects the mapping', () => {
  it('setColumnTarget assigns a column, and takes the field away from any other column', () => {
    const m = detectMapping(book([['企业名称', '统一社会信用代码', '项目', '备注']]), 'demand');
    // only what identifies a demand blocks; what a draft may lack is a gap (the rows import as drafts, 待补全)
    expect(mappingProblems(m).map((p) => `${p.code}:${p.target?.field}`)).toEqual(['MISSING_REQUIRED_COLUMN:name']);
    expect(mappingGaps(m).map((g) => g.target.field)).toEqual(['problem', 'keywords', 'techField']);
    const fixed = setColumnTarget(m, 2, { entity: 'demand', field: 'name' });
    expect(fixed.columns[2]).toMatchObject({ target: { entity: 'demand', field: 'name' }, matchedBy: 'user' });
    expect(mappingProblems(fixed).map((p) => p.target?.field)).not.toContain('name');
    const moved = setColumnTarget(fixed, 3, { entity: 'demand', field: 'name' });
    expect(moved.columns[2]!.target).toBeNull();
    expect(moved.columns[3]!.target).toEqual({ entity: 'demand', field: 'name' });
    expect(m.columns[2]!.target).toBeNull(); // the original is not modified
  });

  it('mappableTargets lists the demand fields and the enterprise fields a survey row can carry', () => {
    const list = mappableTargets('demand');
    const keys = list.map((t) => `${t.target.entity}.${t.target.field}`);
    expect(keys).toContain('demand.name');
    expect(keys).toContain('enterprise.creditCode');
    expect(keys).not.toContain('demand.enterprise');
    expect(keys).not.toContain('demand.status');
    expect(list.find((t) => t.target.field === 'creditCode')!.labels.zh).toBe('企业·统一社会信用代码');
  });
});
