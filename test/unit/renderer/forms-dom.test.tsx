// @vitest-environment jsdom
// A demand takes its place and industry from the enterprise chosen on the form (the cluster chart then counts it).
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter } from '../../../renderer/src/app/router';
import { startSession } from '../../../renderer/src/app/session';
import { useLangStore } from '../../../renderer/src/i18n';
import { freshApp } from './dom-setup';

describe('a new demand', () => {
  it('takes the county, cluster and industry of the enterprise chosen for it', async () => {
    const app = freshApp();
    useLangStore.getState().setLang('zh-CN');
    const as = { operator: '张三' };
    const industry = await app.repos.records.save('industry', null, { code: 'textile', name: '纺织服装' }, as);
    const cluster = await app.repos.records.save(
      'cluster',
      null,
      { code: 'qinghe_cashmere', name: '清河羊绒', counties: ['130534'], industry: industry.recordId },
      as,
    );
    await app.repos.records.save(
      'enterprise',
      null,
      {
        creditCode: '91350100M000100Y43',
        name: '清河县恒通羊绒制品有限公司',
        county: '130534',
        cluster: cluster.recordId,
        industry: industry.recordId,
      },
      as,
    );
    await app.repos.operators.add('张三');
    await app.repos.settings.set('operator', '张三');
    window.history.replaceState(null, '', '#/demands/new');
    startRouter();
    await startSession();
    render(<App />);

    await screen.findByTestId('schema-form');
    fireEvent.mouseDown(within(screen.getByTestId('field-enterprise')).getByRole('combobox'));
    fireEvent.click(
      (await screen.findAllByText('清河县恒通羊绒制品有限公司', { selector: '.ant-select-item-option-content' }))[0]!,
    );
    await waitFor(() => expect(screen.getByTestId('field-county').textContent).toContain('清河县'));
    await waitFor(() => expect(screen.getByTestId('field-cluster').textContent).toContain('清河羊绒'));
    expect(screen.getByTestId('field-industry').textContent).toContain('纺织服装');
  }, 120_000);
});
