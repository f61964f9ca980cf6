// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter, useRouter } from '../../../renderer/src/app/router';
import { startSession, useSession } from '../../../renderer/src/app/session';
import { useLangStore } from '../../../renderer/src/i18n';
import { valuesOf } from '../../../renderer/src/storage/repositories';
import { freshApp } from './dom-setup';

async function bootAt(hash: string, operator: string | null = '张三') {
  const app = freshApp();
  useLangStore.getState().setLang('zh-CN');
  if (operator) {
    await app.repos.operators.add(operator);
    await app.repos.settings.set('operator', operator);
  }
  window.history.replaceState(null, '', hash);
  startRouter();
  await startSession();
  render(<App />);
  return app;
}

const type = (testId: string, value: string): void => {
  const root = screen.getByTestId(testId);
  const input = root.tagName === 'INPUT' || root.tagName === 'TEXTAREA' ? root : root.querySelector('input, textarea')!;
  fireEvent.change(input, { target: { value } });
};

describe('enterprise form', () => {
  it('checks the credit code as you type, naming the expected check character', async () => {
    await bootAt('#/enterprises/new');
    await screen.findByTestId('schema-form');
    type('field-creditCode', '91350100M000100Y4Z');
    expect((await screen.findByText(/统一社会信用代码校验位应为 3，实际为 Z/)).textContent).toContain('应为 3');
    type('field-creditCode', '91350100m000100y43');
    await waitFor(() => expect(screen.queryByText(/校验位应为/)).toBeNull());
  });

  it('on Ctrl+S refuses a form missing a required field, saying which, and stores nothing', async () => {
    const { repos } = await bootAt('#/enterprises/new');
    await screen.findByTestId('schema-form');
    type('field-creditCode', '91350100M000100Y43');
    type('field-name', '清河县羊绒制品有限公司');
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    expect(await screen.findByText('「所属县（市、区）」必须填写', {}, { timeout: 5000 })).toBeTruthy();
    expect((await screen.findByTestId('form-error')).textContent).toBe('有 1 处需要修改，见表单中的红色提示。');
    expect(await repos.records.count('enterprise')).toBe(0);
  });

  it('refuses a duplicate credit code with a link that opens the existing enterprise', async () => {
    const app = freshApp();
    const existing = await app.repos.records.save(
      'enterprise',
      null,
      { creditCode: '91350100M000100Y43', name: '清河县羊绒制品有限公司', county: '130534' },
      { operator: '张三' },
    );
    await app.repos.operators.add('李四');
    await app.repos.settings.set('operator', '李四');
    const { repos } = app;
    window.history.replaceState(null, '', `#/enterprises/${existing.recordId}/edit`);
    startRouter();
    await startSession();
    render(<App />);
    await screen.findByTestId('schema-form');
    // a second enterprise cannot take the same code: save a copy under a new id
    const copy = await repos.records.save(
      'enterprise',
      null,
      { creditCode: '9144030071526726XG', name: '另一家公司', county: '130534' },
      { operator: '李四' },
    );
    window.history.replaceState(null, '', `#/enterprises/${copy.recordId}/edit`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('另一家公司'));
    type('field-creditCode', '91350100M000100Y43');
    fireEvent.click(screen.getByTestId('form-save'));
    const error = await screen.findByTestId('form-error');
    expect(error.textContent).toContain('已登记为「清河县羊绒制品有限公司」');
    fireEvent.click(within(error).getByTestId('duplicate-link'));
    expect(useRouter.getState().route).toEqual({ section: 'enterprises', rest: [existing.recordId] });
    expect(valuesOf((await repos.records.get('enterprise', copy.recordId))!).creditCode).toBe('9144030071526726XG');
  });

  it('lists saved enterprises and opens one from the list', async () => {
    const app = freshApp();
    const saved = await app.repos.records.save(
      'enterprise',
      null,
      { creditCode: '91350100M000100Y43', name: '清河县羊绒制品有限公司', county: '130534' },
      { operator: '张三' },
    );
    window.history.replaceState(null, '', '#/enterprises');
    startRouter();
    await startSession();
    render(<App />);
    const rows = await screen.findAllByTestId('record-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('清河县');
    fireEvent.click(rows[0]!);
    expect(await screen.findByTestId('record-detail')).toBeTruthy();
    expect(screen.getByTestId('detail-name').textContent).toBe('清河县羊绒制品有限公司');
    const history = await screen.findAllByTestId('history-row');
    expect(history).toHaveLength(3);
    expect(history[0]!.textContent).toContain('张三');
    // one enterprise of three fields waits as one record, not three changes
    expect(useSession.getState().pendingRecords).toBe(1);
    expect(useRouter.getState().route.rest).toEqual([saved.recordId]);
  });

  it('opens a new form with Ctrl+N and prints a record on one page', async () => {
    const app = freshApp();
    const saved = await app.repos.records.save(
      'enterprise',
      null,
      { creditCode: '91350100M000100Y43', name: '清河县羊绒制品有限公司', county: '130534' },
      { operator: '张三' },
    );
    window.history.replaceState(null, '', '#/enterprises');
    startRouter();
    await startSession();
    render(<App />);
    await screen.findAllByTestId('record-row');
    fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(useRouter.getState().route).toEqual({ section: 'enterprises', rest: ['new'] });
    expect(await screen.findByTestId('schema-form')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('field-creditCode'));

    useRouter.getState().navigate('enterprises', saved.recordId);
    fireEvent.click(await screen.findByTestId('record-print'));
    const sheet = await screen.findByTestId('print-view');
    expect(sheet.textContent).toContain('统一社会信用代码');
    expect(sheet.textContent).toContain('91350100M000100Y43');
    expect(sheet.textContent).toContain('清河县');
  });
});
