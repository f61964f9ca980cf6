// The 导入 Excel dialog on the 技术需求 list: choose a file, read the dry run, correct the mapping, commit,
// download the error report; a bad file gets its Chinese message; the list's export holds the rows on screen.
// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { message } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { App } from '../../../../renderer/src/app/App';
import { startRouter } from '../../../../renderer/src/app/router';
import { startSession } from '../../../../renderer/src/app/session';
import { useLangStore } from '../../../../renderer/src/i18n';
import { installBridge } from '../../../../renderer/src/platform';
import { createTestingBridge, type TestingBridge } from '../../../support/testing-bridge';
import { freshApp } from '../dom-setup';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/spreadsheets');
const file = (name: string): { name: string; dataBase64: string } => ({
  name,
  dataBase64: readFileSync(path.join(FIXTURES, name)).toString('base64'),
});

async function boot(
  files: { name: string; dataBase64: string }[],
  operator: string | null = '王科员',
): Promise<{ bridge: TestingBridge; app: ReturnType<typeof freshApp> }> {
  const app = freshApp();
  const bridge = createTestingBridge({ filesToOpen: files });
  installBridge(bridge);
  useLangStore.getState().setLang('zh-CN');
  if (operator) {
    await app.repos.operators.add(operator);
    await app.repos.settings.set('operator', operator);
  }
  window.history.replaceState(null, '', '#/demands');
  startRouter();
  await startSession();
  render(<App />);
  await screen.findByTestId('page-demands');
  return { bridge, app };
}

// antd's "saved to" toasts close on a timer; close them before jsdom is torn down.
afterEach(() => message.destroy());

async function chooseFile(): Promise<void> {
  fireEvent.click(await screen.findByTestId('import-open'));
  fireEvent.click(await screen.findByTestId('import-choose'));
}

function savedWorkbook(bridge: TestingBridge, match: RegExp): XLSX.WorkBook {
  const entry = [...bridge.written.entries()].find(([p]) => match.test(p));
  expect(entry, `a file matching ${match} was saved`).toBeDefined();
  return XLSX.read(Buffer.from(entry![1], 'base64'));
}

describe('导入 Excel', { timeout: 90_000 }, () => {
  it('shows the dry run, commits the valid rows, and the same file then changes nothing', async () => {
    const { bridge, app } = await boot([file('survey.xlsx')]);
    await chooseFile();
    const summary = await screen.findByTestId('import-summary');
    expect(within(summary).getByTestId('summary-valid').textContent).toBe('可导入 7');
    expect(within(summary).getByTestId('summary-invalid').textContent).toBe('有错误 4');
    expect(within(summary).getByTestId('summary-demand').textContent).toBe('企业技术需求：新建 7，更新 0，无变化 0');
    // the table opens on the invalid rows, each with its reason in Chinese
    const errors = screen.getAllByTestId('row-error').map((e) => e.textContent);
    expect(errors).toContain('B 列「*企业名称」：「企业名称」必须填写');
    expect(errors.some((e) => /^C 列「统一社会信用代码」：统一社会信用代码校验位应为/.test(e ?? ''))).toBe(true);

    fireEvent.click(screen.getByTestId('import-error-report'));
    await waitFor(() => expect([...bridge.written.keys()].some((p) => p.endsWith('survey-错误行.xlsx'))).toBe(true));
    const report = savedWorkbook(bridge, /survey-错误行\.xlsx$/);
    const reportRows = XLSX.utils.sheet_to_json<unknown[]>(report.Sheets['错误行']!, { header: 1 });
    const reasonColumn = reportRows[0]!.indexOf('错误原因');
    expect(reasonColumn).toBeGreaterThan(0);
    const reasons = reportRows.map((r) => r[reasonColumn]).filter((v) => typeof v === 'string' && v !== '错误原因');
    expect(reasons).toHaveLength(4);
    expect(reasons).toContain('B 列「*企业名称」：「企业名称」必须填写');

    fireEvent.click(screen.getByTestId('import-commit'));
    // commit, then the whole file planned again: slow on two busy cores
    expect((await screen.findByTestId('import-committed', {}, { timeout: 30_000 })).textContent).toContain(
      '写入 13 条记录',
    );
    // planned again against what is stored: nothing left to write
    expect((await screen.findByTestId('summary-nothing', {}, { timeout: 30_000 })).textContent).toContain(
      '重新导入无变化',
    );
    expect(screen.getByTestId('summary-demand').textContent).toBe('企业技术需求：新建 0，更新 0，无变化 7');
    expect(await app.repos.records.count('demand')).toBe(7);
    const outbox = await app.db.outbox.toArray();
    expect(outbox.every((r) => r.op.source?.kind === 'import' && r.op.source.file === 'survey.xlsx')).toBe(true);
  });

  it('a corrected column re-plans the dry run: unmapping the enterprise name blocks the commit', async () => {
    await boot([file('survey.xlsx')]);
    await chooseFile();
    await screen.findByTestId('import-summary');
    const select = within(screen.getByTestId('mapping-B')).getByRole('combobox');
    fireEvent.mouseDown(select);
    const options = await screen.findAllByText('（不导入）', { selector: '.ant-select-item-option-content' });
    fireEvent.click(options[0]!);
    expect((await screen.findByTestId('import-problems')).textContent).toContain('企业名称');
    await waitFor(() => expect(screen.getByTestId('import-commit').hasAttribute('disabled')).toBe(true));
  });

  it('a text file renamed .xlsx is refused in plain Chinese and nothing is written', async () => {
    const { app } = await boot([file('text-renamed.xlsx')]);
    await chooseFile();
    const refused = await screen.findByTestId('import-refused');
    expect(refused.getAttribute('data-code')).toBe('NOT_A_SPREADSHEET');
    expect(refused.textContent).toContain('无法导入此文件：这不是 Excel 表格');
    expect(refused.textContent).toContain('不是有效的 Excel 表格（文件内容与扩展名不符）');
    expect(refused.textContent).toContain('没有写入任何数据');
    expect(await app.repos.records.count('demand')).toBe(0);
  });

  it('without a current operator the commit waits and says why', async () => {
    await boot([file('survey.xlsx')], null);
    await chooseFile();
    expect((await screen.findByTestId('import-need-operator')).textContent).toContain('选择当前操作人');
    expect(screen.getByTestId('import-commit').hasAttribute('disabled')).toBe(true);
  });

  it('the export holds exactly the rows shown after a search', async () => {
    const { bridge, app } = await boot([file('survey.xlsx')]);
    await chooseFile();
    fireEvent.click(await screen.findByTestId('import-commit'));
    await screen.findByTestId('import-committed', {}, { timeout: 30_000 });
    fireEvent.click(screen.getByTestId('import-close'));
    await waitFor(() => expect(screen.getAllByTestId('record-row').length).toBe(7));
    expect(await app.repos.records.count('demand')).toBe(7);
    fireEvent.change(within(screen.getByTestId('page-demands')).getByPlaceholderText(/搜索/), {
      target: { value: '温室' },
    });
    await waitFor(() => expect(screen.getAllByTestId('record-row').length).toBe(2));
    fireEvent.click(screen.getByTestId('list-export'));
    await waitFor(() => expect([...bridge.written.keys()].some((p) => /需求清单-.*\.xlsx$/.test(p))).toBe(true));
    const book = savedWorkbook(bridge, /需求清单-.*\.xlsx$/);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['需求清单']!, { header: 1 });
    const names = rows.slice(3).map((r) => r[4]);
    expect(names.sort()).toEqual(['智能温室控制系统研发', '温室传感器低功耗设计'].sort());
  });
});
