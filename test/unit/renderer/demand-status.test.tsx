// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter } from '../../../renderer/src/app/router';
import { startSession } from '../../../renderer/src/app/session';
import { useLangStore } from '../../../renderer/src/i18n';
import { valuesOf } from '../../../renderer/src/storage/repositories';
import { freshApp } from './dom-setup';
import { demandFor, ENTERPRISE } from './storage/helpers';

describe('demand status on the detail page', () => {
  it('offers only the legal moves, confirms a quick move, asks the reason for 退回, and records each in the history', async () => {
    const app = freshApp();
    useLangStore.getState().setLang('zh-CN');
    const as = { operator: '张三' };
    const company = await app.repos.records.save('enterprise', null, ENTERPRISE, as);
    const demand = await app.repos.records.save('demand', null, demandFor(company.recordId), as);
    await app.repos.operators.add('张三');
    await app.repos.settings.set('operator', '张三');
    window.history.replaceState(null, '', `#/demands/${demand.recordId}`);
    startRouter();
    await startSession();
    render(<App />);

    expect((await screen.findByTestId('status-current')).textContent).toBe('草稿');
    // a county office may verify, return or close a draft; nothing else is offered
    fireEvent.mouseDown(within(screen.getByTestId('status-select')).getByRole('combobox'));
    const offered = await screen.findAllByText(/.+/, { selector: '.ant-select-item-option-content' });
    expect(offered.map((o) => o.textContent).sort()).toEqual(['县级核实', '已关闭', '退回'].sort());

    // a quick move asks first, and moves only when confirmed
    fireEvent.click(screen.getByTestId('status-to-county_verified'));
    await screen.findByTestId('status-confirm-dialog');
    expect(valuesOf((await app.repos.records.get('demand', demand.recordId))!).status).toBe('draft');
    fireEvent.click(screen.getByTestId('status-confirm'));
    await waitFor(() => expect(screen.getByTestId('status-current').textContent).toBe('县级核实'));
    const history = await app.repos.records.history('demand', demand.recordId);
    expect(history.at(-1)).toMatchObject({ field: 'status', from: 'draft', to: 'county_verified', operator: '张三' });
    await waitFor(() => expect(screen.getAllByTestId('history-row')[0]!.textContent).toContain('县级核实'));

    // 退回 cannot be confirmed without its reason
    fireEvent.click(await screen.findByTestId('status-to-returned'));
    await screen.findByTestId('status-reason');
    expect((screen.getByTestId('status-confirm') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('status-reason-missing').textContent).toBe('请填写退回的原因');
    fireEvent.change(screen.getByTestId('status-reason'), { target: { value: '企业名称与营业执照不符' } });
    await waitFor(() => expect((screen.getByTestId('status-confirm') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('status-confirm'));
    await waitFor(() => expect(screen.getByTestId('status-current').textContent).toBe('退回'));
  }, 120_000);
});
