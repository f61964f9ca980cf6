// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter, useRouter } from '../../../renderer/src/app/router';
import { SECTIONS } from '../../../renderer/src/app/sections';
import { startSession, useSession } from '../../../renderer/src/app/session';
import { useLangStore } from '../../../renderer/src/i18n';
import { freshApp } from './dom-setup';

async function boot(): Promise<ReturnType<typeof freshApp>> {
  const app = freshApp();
  useLangStore.getState().setLang('zh-CN');
  useSession.setState({ currentOperator: null, operators: [] });
  window.history.replaceState(null, '', '#/dashboard');
  startRouter();
  await startSession();
  render(<App />);
  return app;
}

describe('app shell', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('shows the eight sections in Chinese and opens each page, reflecting it in the URL hash', async () => {
    await boot();
    expect(screen.getByTestId('nav-enterprises').textContent).toBe('企业');
    expect(screen.getByTestId('nav-commissioners').textContent).toBe('科技特派员');
    for (const section of SECTIONS) {
      fireEvent.click(screen.getByTestId(`nav-${section}`));
      await screen.findByTestId(`page-${section}`);
      expect(window.location.hash).toBe(`#/${section}`);
    }
    expect(useRouter.getState().route.section).toBe('settings');
  });

  it('adds an operator in Settings, stores it, and makes it the current operator shown in the header', async () => {
    const { repos } = await boot();
    fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('page-settings');
    expect(screen.getByTestId('header-operator').textContent).toBe('未选择操作人');
    fireEvent.change(screen.getByTestId('operator-name-input'), { target: { value: ' 张三 ' } });
    fireEvent.click(screen.getByTestId('operator-add'));
    const list = await screen.findByTestId('operator-list');
    expect(within(list).getByText('张三')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('header-operator').textContent).toBe('当前操作人：张三'));
    expect((await repos.operators.list()).map((o) => o.name)).toEqual(['张三']);
    expect(await repos.settings.get('operator')).toBe('张三');
  });

  it('refuses an operator already in the list, saying so', async () => {
    await boot();
    fireEvent.click(screen.getByTestId('nav-settings'));
    for (let i = 0; i < 2; i++) {
      fireEvent.change(screen.getByTestId('operator-name-input'), { target: { value: '李四' } });
      fireEvent.click(screen.getByTestId('operator-add'));
      await screen.findByTestId('operator-list');
    }
    expect((await screen.findByTestId('operator-error')).textContent).toBe('「李四」已在列表中');
  });

  it('switches to English and keeps the choice', async () => {
    const { repos } = await boot();
    fireEvent.click(screen.getByTestId('nav-settings'));
    fireEvent.click(within(screen.getByTestId('lang-switch')).getByText('English'));
    await waitFor(() => expect(screen.getByTestId('nav-enterprises').textContent).toBe('Enterprises'));
    expect(await repos.settings.get('lang')).toBe('en');
    await act(async () => useSession.getState().setLang('zh-CN'));
  });

  it('shows the data location from the desktop bridge in Settings', async () => {
    await boot();
    fireEvent.click(screen.getByTestId('nav-settings'));
    expect((await screen.findByTestId('data-dir')).textContent).toBe('/test-data');
  });

  it('tells a first-time user what to do on an empty page', async () => {
    await boot();
    fireEvent.click(screen.getByTestId('nav-clusters'));
    const page = await screen.findByTestId('page-clusters');
    expect((await within(page).findByTestId('empty-state')).textContent).toContain('由省里统一下发');
  });
});
