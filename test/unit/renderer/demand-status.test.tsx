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

async function chooseStatus(label: string): Promise<void> {
  fireEvent.mouseDown(within(screen.getByTestId('status-select')).getByRole('combobox'));
  const options = await screen.findAllByText(label, { selector: '.ant-select-item-option-content' });
  fireEvent.click(options[0]!);
}

describe('demand status on the detail page', () => {
  it('refuses a disallowed move with the reason, then makes an allowed one and records it in the history', async () => {
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
    await chooseStatus('已解决');
    fireEvent.click(screen.getByTestId('status-move'));
    const refusal = await screen.findByTestId('status-error');
    expect(refusal.textContent).toContain('「草稿」的需求不能直接改为「已解决」');
    expect(valuesOf((await app.repos.records.get('demand', demand.recordId))!).status).toBe('draft');

    fireEvent.click(screen.getByTestId('status-to-county_verified'));
    fireEvent.click(screen.getByTestId('status-move'));
    await waitFor(() => expect(screen.getByTestId('status-current').textContent).toBe('县级核实'));
    const history = await app.repos.records.history('demand', demand.recordId);
    expect(history.at(-1)).toMatchObject({ field: 'status', from: 'draft', to: 'county_verified', operator: '张三' });
    await waitFor(() => expect(screen.getAllByTestId('history-row')[0]!.textContent).toContain('县级核实'));
  });
});
