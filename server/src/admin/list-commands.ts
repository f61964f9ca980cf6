// Admin CLI commands for the province's lists: reference imports, list exports, and the server keys file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDivision } from '@shared/domain';
import { EXPORT_LISTS, exportList, type ExportList } from '../export/lists.js';
import { ServerKeyring } from '../keys/server-key.js';
import {
  importReference,
  REFERENCE_KINDS,
  ReferenceFileError,
  type ReferenceImportReport,
  type ReferenceKind,
} from '../reference/import-reference.js';
import { readFile, type Command, type CommandInput } from './commands.js';
import { CliError, EXIT } from './exit.js';

const optionString = (input: CommandInput, name: string): string | undefined => {
  const v = input.options[name];
  return typeof v === 'string' ? v : undefined;
};

function reportText(r: ReferenceImportReport): string {
  const lines = [
    `${r.file} (${r.kind}): ${r.summary.rows} 行 / rows — 有效 ${r.summary.valid} valid, 无效 ${r.summary.invalid} invalid; ` +
      `新增 ${r.summary.create} create, 更新 ${r.summary.update} update, 不变 ${r.summary.unchanged} unchanged`,
  ];
  for (const p of r.problems) lines.push(`文件 / file: ${p.message.zh} (${p.code})`);
  for (const row of r.rows) {
    if (row.status === 'valid')
      lines.push(
        `第 ${row.row} 行 / row ${row.row}: 有效 valid ${row.records.map((x) => `${x.action} ${x.id}`).join(', ')}`,
      );
    else
      lines.push(
        `第 ${row.row} 行 / row ${row.row}: 无效 invalid — ${row.errors.map((e) => `${e.column ? `[${e.column}] ` : ''}${e.message.zh} (${e.code})`).join('；')}`,
      );
  }
  lines.push(
    r.applied
      ? `已导入 / applied: ${r.ops} 条修改 ops, cursor ${r.cursor}`
      : r.dryRun
        ? '试运行，未写入 / dry run, nothing written'
        : r.problems.length || r.summary.invalid
          ? '有无效行，全部未导入 / invalid rows: nothing applied'
          : '没有变化 / nothing changed',
  );
  return lines.join('\n');
}

export const LIST_COMMANDS: Record<string, Command> = {
  'import-reference': {
    usage: 'import-reference clusters|industries|commissioners FILE.xlsx [--dry-run] [--operator NAME]',
    summary: 'import a province list; all rows valid or nothing applied (exit 4 lists the bad rows)',
    valueOptions: ['operator'],
    flags: ['dry-run'],
    positionals: 2,
    async run(pool, input) {
      const [kind, file] = input.positionals as [string, string];
      if (!(kind in REFERENCE_KINDS))
        throw CliError.usage(`the list must be one of ${Object.keys(REFERENCE_KINDS).join(', ')}, got "${kind}"`);
      const bytes = readFile(file);
      let report: ReferenceImportReport;
      try {
        report = await importReference(pool, {
          kind: kind as ReferenceKind,
          bytes,
          fileName: path.basename(file),
          dryRun: input.options['dry-run'] === true,
          operator: optionString(input, 'operator') ?? process.env.USER ?? 'province-admin',
        });
      } catch (error) {
        if (error instanceof ReferenceFileError)
          throw new CliError(EXIT.rejected, error.code, error.text.zh, error.text.en);
        throw error;
      }
      const result = { json: report, text: reportText(report) };
      if (report.problems.length > 0 || report.summary.invalid > 0) {
        throw new CliError(
          EXIT.rejected,
          'invalid-rows',
          `${report.summary.invalid} 行数据有误，全部未导入；请改正后重新导入。`,
          `${report.summary.invalid} invalid rows; nothing was applied.`,
          result,
        );
      }
      return result;
    },
  },
  export: {
    usage: 'export demands|visits [--county CODE] --out FILE.xlsx',
    summary: 'write the demand list or the visit ledger from the merged current state',
    valueOptions: ['county', 'out'],
    required: ['out'],
    positionals: 1,
    async run(pool, input) {
      const list = input.positionals[0]!;
      if (!(EXPORT_LISTS as readonly string[]).includes(list))
        throw CliError.usage(`export demands|visits, got "${list}"`);
      const county = optionString(input, 'county');
      if (county !== undefined && getDivision(county)?.level !== 'county') {
        throw new CliError(
          EXIT.rejected,
          'county-unknown',
          `${county} 不是河北省的县级行政区划代码。`,
          `${county} is not a Hebei county code.`,
        );
      }
      const out = optionString(input, 'out')!;
      const file = await exportList(pool, list as ExportList, county);
      writeFileSync(out, file.bytes);
      return {
        json: { list, county: county ?? null, rows: file.rows, out },
        text: `已导出 / exported: ${file.rows} 条 rows → ${out}`,
      };
    },
  },
  'server-keys': {
    usage: 'server-keys --out FILE',
    summary: "write the server's public keys (for offline-enrolled devices: enroll-accept --server-keys FILE)",
    valueOptions: ['out'],
    required: ['out'],
    positionals: 0,
    async run(pool, input) {
      const keys = await new ServerKeyring(pool).publicKeys();
      const out = optionString(input, 'out')!;
      // The same document as GET /v1/server-keys.
      writeFileSync(out, JSON.stringify({ keys }, null, 2) + '\n');
      return { json: { keys: keys.length, out }, text: `已写出 / written: ${keys.length} 个公钥 keys → ${out}` };
    },
  },
};
