// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter } from '../../../renderer/src/app/router';
import { startSession } from '../../../renderer/src/app/session';
import { useLangStore } from '../../../renderer/src/i18n';
import { CommissionerTerm } from '../../../renderer/src/pages/entity/CommissionerTerm';
import {
  readOfficeSettings,
  setOfficeFromCertificate,
  setOfficeRole,
  setVisitTarget,
  valuesOf,
} from '../../../renderer/src/storage/repositories';
import { freshApp } from './dom-setup';
import { demandFor, ENTERPRISE } from './storage/helpers';

async function choose(testId: string, label: string): Promise<void> {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole('combobox'));
  const options = await screen.findAllByText(label, { selector: '.ant-select-item-option-content' });
  fireEvent.click(options[0]!);
}

async function openApp(hash: string): Promise<void> {
  useLangStore.getState().setLang('zh-CN');
  window.history.replaceState(null, '', hash);
  startRouter();
  await startSession();
  render(<App />);
}

describe('office settings in the settings table', () => {
  it('default to a county office and 12 visits per term, and keep what is set', async () => {
    const { repos } = freshApp();
    expect(await readOfficeSettings(repos.settings)).toEqual({ role: 'county', visitTarget: 12, certified: null });
    await setOfficeRole(repos.settings, 'province');
    await setVisitTarget(repos.settings, 20);
    expect(await readOfficeSettings(repos.settings)).toEqual({ role: 'province', visitTarget: 20, certified: null });
  });

  it('once enrolled, the level and scope are the certificate’s, and the level can no longer be chosen', async () => {
    const { repos } = freshApp();
    await setOfficeRole(repos.settings, 'county');
    await setOfficeFromCertificate(repos.settings, { level: 'city', code: '130600' });
    expect(await readOfficeSettings(repos.settings)).toMatchObject({
      role: 'city',
      certified: { level: 'city', code: '130600' },
    });
    await expect(setOfficeRole(repos.settings, 'province')).rejects.toThrow(RangeError);
    expect((await readOfficeSettings(repos.settings)).role).toBe('city');
  });

  it('refuse a visit target that is not a whole number from 1, storing nothing', async () => {
    const { repos } = freshApp();
    await expect(setVisitTarget(repos.settings, 0)).rejects.toThrow(RangeError);
    await expect(setVisitTarget(repos.settings, 2.5)).rejects.toThrow(RangeError);
    expect(await repos.settings.get('visitTargetPerTerm')).toBeUndefined();
  });
});

describe('the 本单位 card on the settings page', () => {
  it('stores the office level and the visit target chosen', async () => {
    const { repos } = freshApp();
    await openApp('#/settings');
    await waitFor(() =>
      expect((within(screen.getByTestId('office-role')).getByRole('combobox') as HTMLInputElement).disabled).toBe(
        false,
      ),
    );
    await choose('office-role', '市级科技管理员');
    expect((await screen.findByTestId('office-saved')).textContent).toContain('市级科技管理员');
    await waitFor(async () => expect((await readOfficeSettings(repos.settings)).role).toBe('city'));

    const target = screen.getByTestId('office-visit-target');
    fireEvent.change(target, { target: { value: '8' } });
    fireEvent.click(screen.getByTestId('office-visit-target-save'));
    await waitFor(async () => expect((await readOfficeSettings(repos.settings)).visitTarget).toBe(8));
    expect(screen.getByTestId('office-saved').textContent).toContain('8');
  });
});

describe('the 本单位 card of an enrolled device', () => {
  it('shows the level and scope from the certificate, not editable', async () => {
    const { repos } = freshApp();
    await setOfficeFromCertificate(repos.settings, { level: 'city', code: '130600' });
    await openApp('#/settings');
    expect((await screen.findByTestId('office-role-certified')).textContent).toBe('市级科技管理员');
    expect(screen.getByTestId('office-scope').textContent).toBe('管辖范围：保定市');
    expect(screen.queryByTestId('office-role')).toBeNull();
    expect(screen.getByTestId('office-card').textContent).toContain('由设备证书确定');
  });
});

describe('the settings at work', () => {
  it('status moves follow the office level: a city office may return a reported demand, a county office may not', async () => {
    const { repos } = freshApp();
    const as = { operator: '张三' };
    const company = await repos.records.save('enterprise', null, ENTERPRISE, as);
    const demand = await repos.records.save('demand', null, demandFor(company.recordId), as);
    await repos.records.save('demand', demand.recordId, { status: 'county_verified' }, as);
    await repos.records.save('demand', demand.recordId, { status: 'reported' }, as);
    await repos.operators.add('张三');
    await repos.settings.set('operator', '张三');
    await setOfficeRole(repos.settings, 'city');
    await openApp(`#/demands/${demand.recordId}`);

    fireEvent.click(await screen.findByTestId('status-to-returned'));
    fireEvent.change(await screen.findByTestId('status-reason'), { target: { value: '材料不全' } });
    await waitFor(() => expect((screen.getByTestId('status-confirm') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('status-confirm'));
    await waitFor(async () =>
      expect(valuesOf((await repos.records.get('demand', demand.recordId))!).status).toBe('returned'),
    );
    // back to reported as the county would see it: no return offered to a county office
    await setOfficeRole(repos.settings, 'county');
    await repos.records.save('demand', demand.recordId, { status: 'draft' }, as);
    await repos.records.save('demand', demand.recordId, { status: 'county_verified' }, as);
    await repos.records.save('demand', demand.recordId, { status: 'reported' }, as);
    await waitFor(() => expect(screen.getByTestId('status-current').dataset.status).toBe('reported'));
    await waitFor(() => expect(screen.queryByTestId('status-to-returned')).toBeNull());
    expect(screen.getByTestId('status-to-matching')).toBeTruthy();
  });

  it("a commissioner's record measures visits against the target set", async () => {
    const { repos } = freshApp();
    useLangStore.getState().setLang('zh-CN');
    await setVisitTarget(repos.settings, 8);
    render(<CommissionerTerm recordId="c1" values={{ termStart: '2026-01-01', termEnd: '2026-12-31' }} />);
    expect((await screen.findByTestId('term-visits')).textContent).toBe('本届走访 0 次，目标 8 次');
    await setVisitTarget(repos.settings, 10);
    await waitFor(() => expect(screen.getByTestId('term-visits').textContent).toBe('本届走访 0 次，目标 10 次'));
  });
});
