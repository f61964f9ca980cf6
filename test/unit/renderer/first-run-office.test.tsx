// @vitest-environment jsdom
// Scope at entry in the UI: a device not set up says so on every page and offers the first-run set-up (county,
// office name, operator); after it, a new enterprise starts in the office's county, picking another county warns
// that the record belongs to another office, and saving it is refused with the same words.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter } from '../../../renderer/src/app/router';
import { startSession, useSession } from '../../../renderer/src/app/session';
import { useLangStore } from '../../../renderer/src/i18n';
import { otherCountyRefusal, withOfficeCounty } from '../../../renderer/src/pages/entity/OtherCountyWarning';
import { freshApp } from './dom-setup';

const GAOYANG = '130628';

async function boot(hash: string) {
  const app = freshApp();
  useLangStore.getState().setLang('zh-CN');
  window.history.replaceState(null, '', hash);
  startRouter();
  await startSession();
  render(<App />);
  return app;
}

describe('first-run set-up', () => {
  it('the banner opens the set-up; saving it sets the county, the office name and the operator, and the banner goes', async () => {
    const { repos } = await boot('#/');
    fireEvent.click(await screen.findByTestId('first-run-open'));
    const modal = await screen.findByRole('dialog');
    const county = within(modal).getByRole('combobox');
    fireEvent.mouseDown(county);
    fireEvent.change(county, { target: { value: '高阳' } });
    fireEvent.click(await screen.findByTitle('保定市 高阳县'));
    await waitFor(() =>
      expect((within(modal).getByTestId('first-run-name') as HTMLInputElement).value).toBe('高阳县科学技术局'),
    );
    fireEvent.change(within(modal).getByTestId('first-run-operator'), { target: { value: '王科员' } });
    fireEvent.click(within(modal).getByText('保 存'));
    await waitFor(() => expect(screen.queryByTestId('first-run-banner')).toBeNull());
    expect(await repos.office.profile()).toEqual({ county: GAOYANG, name: '高阳县科学技术局' });
    expect(await repos.office.scope()).toEqual({ level: 'county', code: GAOYANG });
    await waitFor(() => expect(useSession.getState().currentOperator).toBe('王科员'));
  }, 120_000); // antd in jsdom on a shared 2-core machine: many renders, no timing asserted

  it('a device set up shows no banner; a new enterprise starts in its county; another county is warned of', async () => {
    const app = freshApp();
    await app.repos.office.save({ county: GAOYANG, name: '高阳县科学技术局' });
    await app.repos.operators.add('王科员');
    await app.repos.settings.set('operator', '王科员');
    window.history.replaceState(null, '', '#/enterprises/new');
    startRouter();
    await startSession();
    render(<App />);
    await screen.findByTestId('schema-form');
    expect(screen.queryByTestId('first-run-banner')).toBeNull();
    expect(screen.getByTestId('field-county').textContent).toContain('高阳县');
    expect(screen.queryByTestId('other-county-warning')).toBeNull();
  }, 120_000);
});

describe('the county rules behind the form', () => {
  const scope = { level: 'county' as const, code: GAOYANG };
  it('every county field defaults to a county office’s own county, never overriding a chosen one', () => {
    expect(withOfficeCounty('demand', { status: 'draft' }, scope)).toEqual({ status: 'draft', county: GAOYANG });
    expect(withOfficeCounty('demand', { county: '130632' }, scope)).toEqual({ county: '130632' });
    expect(withOfficeCounty('cluster', { name: 'x' }, scope)).toEqual({ name: 'x' });
    expect(withOfficeCounty('demand', {}, { level: 'city', code: '130600' })).toEqual({});
  });

  it('another county is warned of in plain Chinese, naming both counties and what to do', () => {
    const refusal = otherCountyRefusal('enterprise', '131125', scope)!;
    expect(refusal.code).toBe('OUT_OF_SCOPE');
    expect(refusal.message.zh).toBe(
      '该企业属于安平县，由安平县科技管理部门录入；本单位只能录入高阳县的记录。请把县（市、区）改为高阳县，或将该企业的情况告知安平县。',
    );
    expect(otherCountyRefusal('enterprise', GAOYANG, scope)).toBeNull();
    expect(otherCountyRefusal('enterprise', '131125', null)).toBeNull();
  });
});
