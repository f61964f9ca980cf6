// Every record list has an export: 企业 and 科技特派员 too, with every field a clerk types, codes shown as names.
import { getSchema } from '@shared/domain/registry';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { commissionerListWorkbook, enterpriseListWorkbook, schemaColumns } from '@shared/spreadsheet';

function rowsOf(bytes: Uint8Array, sheet: string): unknown[][] {
  const wb = XLSX.read(bytes, { type: 'array' });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: false });
}

describe('the enterprise and commissioner lists', () => {
  it('the 企业名录 has title, 序号, county by name, then the enterprise fields with their Chinese labels', () => {
    const aoa = rowsOf(
      enterpriseListWorkbook(
        [
          {
            records: {
              enterprise: { name: '清河县羊绒制品有限公司', creditCode: '91350100M000100Y43', county: '130534' },
            },
          },
        ],
        { subtitle: '导出时间：2026-12-04' },
      ),
      '企业名录',
    );
    expect(aoa[0]).toEqual(['企业名录']);
    expect(aoa[1]).toEqual(['导出时间：2026-12-04']);
    expect(aoa[2]!.slice(0, 4)).toEqual(['序号', '县（市、区）', '统一社会信用代码', '企业名称']);
    expect(aoa[3]!.slice(0, 4)).toEqual(['1', '清河县', '91350100M000100Y43', '清河县羊绒制品有限公司']);
  });

  it('the 科技特派员名册 names a referenced workstation by its title, not its id', () => {
    const aoa = rowsOf(
      commissionerListWorkbook(
        [{ records: { commissioner: { name: '李四', workstation: 'ws-1', county: '130534' } } }],
        {
          refLabel: (entity, id) => (entity === 'workstation' && id === 'ws-1' ? '城关镇工作站' : undefined),
        },
      ),
      '名册',
    );
    const header = aoa[1]!;
    const row = aoa[2]!;
    expect(header[0]).toBe('序号');
    expect(row[header.indexOf('姓名')]).toBe('李四');
    expect(row[header.indexOf(header.find((h) => String(h).includes('工作站'))!)]).toBe('城关镇工作站');
  });

  it('leaves out what a clerk does not type (system fields, attachments)', () => {
    const fields = schemaColumns('demand').map((c) => c.field);
    expect(fields[0]).toBe('county');
    expect(fields).toContain('name');
    expect(fields).not.toContain('status');
    expect(new Set(fields).size).toBe(fields.length);
    const attachments = getSchema('visit').fields.find((f) => f.kind === 'attachments')!.name;
    expect(schemaColumns('visit').map((c) => c.field)).not.toContain(attachments);
  });
});
