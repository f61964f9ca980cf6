/**
 * Blank forms generated from the schemas: the 企业技术需求调查表 (enterprise + demand in one row), the visit ledger
 * (走访台账) and the commissioner roster (科技特派员名册). Each has
 *   - the form sheet: title, a 「填报日期：」 line, one header row (「*」 marks required fields, units in brackets),
 *     example rows whose 序号 cell reads 「示例」 (the importer skips them), drop-downs and data validation;
 *   - 「说明」: how to fill in every column (required or not, limits, choices);
 *   - 「选项」 (hidden): the option lists the drop-downs refer to.
 * Data validation (written by xlsx-zip.ts): lists for every enumerated field, whole/decimal number ranges,
 * dates, text length (credit code exactly 18).
 */
import * as XLSX from 'xlsx';
import type { EntityName } from '../change/op';
import { formFields, getSchema, type FieldDef } from '../domain';
import { columnLetter } from './workbook';
import { sheetFromRows, writeXlsx, type OutCell } from './write-cells';
import { editXlsx, insertDataValidations, type DataValidation } from './xlsx-zip';
import type { ColumnTarget } from './targets';

export type TemplateKind = 'demandSurvey' | 'visitLedger' | 'commissionerRoster';

export interface TemplateSpec {
  kind: TemplateKind;
  /** What the import of this template creates. */
  entity: EntityName;
  title: string;
  sheetName: string;
  fileName: string;
  columns: ColumnTarget[];
  examples: Readonly<Record<string, OutCell>>[];
}

/** Rows of the form sheet that carry drop-downs and validation. */
export const TEMPLATE_DATA_ROWS = 1000;
export const OPTIONS_SHEET = '选项';
export const INSTRUCTIONS_SHEET = '说明';
const HEADER_ROW = 3; // 1-based: title, date line, header

/** Fields a person cannot type into a spreadsheet: ids of records, files. */
function typeable(f: FieldDef, skip: readonly string[]): boolean {
  return !skip.includes(f.name) && f.kind !== 'attachments';
}

const cols = (entity: EntityName, skip: readonly string[] = []): ColumnTarget[] =>
  formFields(entity)
    .filter((f) => typeable(f, skip))
    .map((f) => ({ entity, field: f.name }));

export const TEMPLATES: Readonly<Record<TemplateKind, TemplateSpec>> = {
  demandSurvey: {
    kind: 'demandSurvey',
    entity: 'demand',
    title: '企业技术需求调查表',
    sheetName: '调查表',
    fileName: '企业技术需求调查表.xlsx',
    columns: [
      ...(['name', 'creditCode', 'contactPerson', 'phone', 'address', 'qualifications', 'profile'] as const).map(
        (field) => ({ entity: 'enterprise' as const, field }),
      ),
      ...cols('demand', ['enterprise', 'visit', 'source']),
    ],
    examples: [
      {
        'enterprise.name': '示例科技有限公司',
        'enterprise.creditCode': '91350100M000100Y43',
        'enterprise.contactPerson': '张三',
        'enterprise.phone': '13812345678',
        'enterprise.qualifications': '科技型中小企业',
        'demand.name': '智能温室环境控制系统研发',
        'demand.problem': '温室温湿度靠人工调节，能耗高、波动大。',
        'demand.keyTechnology': '多传感器融合控制算法，温度控制精度 ±0.5℃。',
        'demand.expectedGoal': '能耗降低 20%，形成可推广的控制系统。',
        'demand.keywords': '物联网、智能控制',
        'demand.techField': '现代农业',
        'demand.budget': 50,
        'demand.periodStart': 2025,
        'demand.periodEnd': 2026,
        'demand.solveMode': '合作研发',
        'demand.cooperationModes': '合作开发、技术服务',
        'demand.currentTrl': 3,
        'demand.targetTrl': 6,
        'demand.county': '高阳县',
        'demand.surveyDate': { date: '2025-03-05' },
      },
    ],
  },
  visitLedger: {
    kind: 'visitLedger',
    entity: 'visit',
    title: '科技特派员服务台账',
    sheetName: '台账',
    fileName: '科技特派员服务台账.xlsx',
    columns: cols('visit', ['demands']),
    examples: [
      {
        'visit.commissioners': '张三、李四',
        'visit.enterprise': '示例科技有限公司',
        'visit.date': { date: '2025-03-05' },
        'visit.durationDays': 1,
        'visit.mode': '实地走访',
        'visit.content': '现场查看温室控制系统，讲解传感器安装要点。',
        'visit.problemsSolved': 1,
        'visit.county': '高阳县',
      },
    ],
  },
  commissionerRoster: {
    kind: 'commissionerRoster',
    entity: 'commissioner',
    title: '科技特派员名册',
    sheetName: '名册',
    fileName: '科技特派员名册.xlsx',
    columns: cols('commissioner'),
    examples: [
      {
        'commissioner.name': '张三',
        'commissioner.kind': '农业科技特派员',
        'commissioner.gender': '男',
        'commissioner.sendingUnit': '河北农业大学',
        'commissioner.title': '副教授',
        'commissioner.expertise': '设施农业、温室环境控制',
        'commissioner.phone': '13812345678',
        'commissioner.termStart': { date: '2025-01-01' },
        'commissioner.termEnd': { date: '2025-12-31' },
        'commissioner.county': '高阳县',
      },
    ],
  },
};

function def(t: ColumnTarget): FieldDef {
  const f = getSchema(t.entity).fields.find((x) => x.name === t.field);
  if (!f) throw new Error(`template column ${t.entity}.${t.field} is not in the schema`);
  return f;
}

/** The header a template writes: the label, 「*」 when required, the unit in brackets. Matches the schema on import. */
export function templateHeader(f: FieldDef): string {
  const unit = f.unit && !f.labels.zh.includes('（') ? `（${f.unit.zh}）` : '';
  return `${f.required ? '*' : ''}${f.labels.zh}${unit}`;
}

function limitsText(f: FieldDef): string {
  const parts: string[] = [];
  if (f.options) parts.push(`从下拉列表选择${f.kind === 'multiEnum' ? '，可填多项，用顿号（、）分开' : ''}`);
  if (f.kind === 'date') parts.push('日期，如 2025-03-05 或 2025年3月5日');
  if (f.kind === 'amount') parts.push(`单位万元，最多两位小数${f.max !== undefined ? `，不超过 ${f.max}` : ''}`);
  if (
    (f.kind === 'int' || f.kind === 'decimal' || f.kind === 'trl' || f.kind === 'year') &&
    f.min !== undefined &&
    f.max !== undefined
  )
    parts.push(`${f.min} 到 ${f.max}`);
  if (f.maxLength !== undefined && (f.kind === 'text' || f.kind === 'longtext')) parts.push(`不超过 ${f.maxLength} 字`);
  if (f.kind === 'keywords') parts.push(`${f.minCount ?? 1} 到 ${f.maxCount ?? 5} 个，用顿号（、）分开`);
  if (f.kind === 'creditCode') parts.push('18 位，请先把该列设为“文本”格式');
  if (f.kind === 'divisionCode')
    parts.push(f.level === 'township' ? '乡镇（街道）名称' : '县（市、区）名称，如 高阳县');
  if (f.kind === 'ref' || f.kind === 'refs')
    parts.push(
      `填写${getSchema(f.target!).labels.zh}的${f.lookupBy?.includes('creditCode') ? '名称或统一社会信用代码' : '名称'}${f.kind === 'refs' ? '，多个用顿号分开' : ''}`,
    );
  return parts.join('；');
}

function validationFor(f: FieldDef, col: string, optionsRef: string | undefined): DataValidation | null {
  const sqref = `${col}${HEADER_ROW + 1}:${col}${HEADER_ROW + TEMPLATE_DATA_ROWS}`;
  const title = f.labels.zh;
  if (optionsRef) {
    return {
      sqref,
      type: 'list',
      formula1: optionsRef,
      strict: f.kind !== 'multiEnum',
      promptTitle: title,
      prompt: f.kind === 'multiEnum' ? '可多选：选一项，或手工填写多项并用顿号（、）分开' : '请从下拉列表中选择',
      errorTitle: title,
      error: `「${title}」只能从下拉列表中选择`,
    };
  }
  const range = (
    type: 'whole' | 'decimal',
    min: number | undefined,
    max: number | undefined,
  ): DataValidation | null => {
    if (min === undefined && max === undefined) return null;
    const both = min !== undefined && max !== undefined;
    return {
      sqref,
      type,
      operator: both ? 'between' : min !== undefined ? 'greaterThanOrEqual' : 'lessThanOrEqual',
      formula1: String(min ?? max),
      ...(both ? { formula2: String(max) } : {}),
      strict: true,
      errorTitle: title,
      error: `「${title}」应填写${type === 'whole' ? '整数' : '数字'}${both ? `，${min} 到 ${max}` : min !== undefined ? `，不小于 ${min}` : `，不大于 ${max}`}`,
    };
  };
  switch (f.kind) {
    case 'int':
    case 'trl':
    case 'year':
      return range('whole', f.min, f.max);
    case 'amount':
    case 'decimal':
      return range('decimal', f.min, f.max);
    case 'date':
      // 1900-01-01 … 2100-12-31 as Excel serial days.
      return {
        sqref,
        type: 'date',
        operator: 'between',
        formula1: '1',
        formula2: '73415',
        strict: true,
        errorTitle: title,
        error: `「${title}」应填写日期，如 2025-03-05`,
      };
    case 'creditCode':
      return {
        sqref,
        type: 'textLength',
        operator: 'equal',
        formula1: '18',
        strict: true,
        errorTitle: title,
        error: '统一社会信用代码应为 18 位',
      };
    case 'text':
    case 'longtext':
      return f.maxLength
        ? {
            sqref,
            type: 'textLength',
            operator: 'lessThanOrEqual',
            formula1: String(f.maxLength),
            strict: true,
            errorTitle: title,
            error: `「${title}」不超过 ${f.maxLength} 字`,
          }
        : null;
    default:
      return null;
  }
}

/** The template as xlsx bytes. */
export function templateWorkbook(kind: TemplateKind): Uint8Array {
  const spec = TEMPLATES[kind];
  const fields = spec.columns.map(def);
  const header: OutCell[] = ['序号', ...fields.map(templateHeader)];
  const examples: OutCell[][] = spec.examples.map((ex, i) => [
    spec.examples.length > 1 ? `示例${i + 1}` : '示例',
    ...spec.columns.map((t) => ex[`${t.entity}.${t.field}`] ?? null),
  ]);
  const form = sheetFromRows(
    [[spec.title], ['填报日期：'], header, ...examples],
    [6, ...fields.map((f) => (f.kind === 'longtext' ? 30 : 16))],
  );
  form['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } }];

  // 选项: one column per enumerated field, its zh labels under the header.
  const enumFields = fields.filter((f) => f.options);
  const optionRows: OutCell[][] = [enumFields.map((f) => f.labels.zh)];
  const longest = Math.max(0, ...enumFields.map((f) => f.options!.length));
  for (let i = 0; i < longest; i++) optionRows.push(enumFields.map((f) => f.options![i]?.labels.zh ?? null));
  const options = sheetFromRows(optionRows.length > 0 ? optionRows : [['']]);

  const instructions = sheetFromRows(
    [
      [`${spec.title}填写说明`],
      ['1. 请在「' + spec.sheetName + '」工作表第 4 行起逐行填写，每行一条；带 * 的列必须填写。'],
      ['2. 序号列写「示例」的行是示例，导入时会被忽略，可以删除或保留。'],
      ['3. 下拉列表中的选项来自系统，请勿修改「选项」工作表。'],
      [],
      ['列', '项目', '是否必填', '填写要求', '说明'],
      ...fields.map(
        (f, i) =>
          [
            columnLetter(i + 1),
            f.labels.zh,
            f.required ? '必填' : '选填',
            limitsText(f),
            f.help?.zh ?? null,
          ] as OutCell[],
      ),
    ],
    [6, 24, 10, 48, 60],
  );

  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, form, spec.sheetName);
  XLSX.utils.book_append_sheet(book, instructions, INSTRUCTIONS_SHEET);
  XLSX.utils.book_append_sheet(book, options, OPTIONS_SHEET);
  book.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 0 }, { Hidden: 1 }] };

  const validations: DataValidation[] = [];
  fields.forEach((f, i) => {
    const col = columnLetter(i + 1);
    const k = enumFields.indexOf(f);
    const ref =
      k >= 0 ? `'${OPTIONS_SHEET}'!$${columnLetter(k)}$2:$${columnLetter(k)}$${f.options!.length + 1}` : undefined;
    const v = validationFor(f, col, ref);
    if (v) validations.push(v);
  });
  return editXlsx(writeXlsx(book), { 'xl/worksheets/sheet1.xml': (xml) => insertDataValidations(xml, validations) });
}
