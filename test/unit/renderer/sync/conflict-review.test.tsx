// @vitest-environment jsdom
// 冲突 review on the 同步 page: two offices edited the same field; both values side by side with who and when;
// choosing one writes a new op that clears the conflict here and, after a sync, on the other device too.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/src/app/App';
import { startRouter } from '../../../../renderer/src/app/router';
import { startSession } from '../../../../renderer/src/app/session';
import { installBridge } from '../../../../renderer/src/platform';
import { valuesOf } from '../../../../renderer/src/storage/repositories';
import { setDeviceSync } from '../../../../renderer/src/sync';
import { freshApp } from '../dom-setup';
import { ENTERPRISE } from '../storage/helpers';
import { enrolledDevice, referenceServer } from './support';

describe('冲突 review', () => {
  it('shows both values with operator and time; choosing the other value clears the conflict on both devices', async () => {
    const office = freshApp();
    await office.repos.operators.add('甲');
    await office.repos.settings.set('operator', '甲');
    const server = await referenceServer();
    const here = await enrolledDevice(server, Date.now, { db: office.db });
    const there = await enrolledDevice(server, Date.now);
    installBridge(here.bridge);
    setDeviceSync(here.sync);

    const ent = await office.repos.records.save('enterprise', null, ENTERPRISE, { operator: '甲' });
    await here.sync.run();
    await there.sync.run();
    await office.repos.records.save('enterprise', ent.recordId, { name: '甲填的名称' }, { operator: '甲' });
    await there.repo.save('enterprise', ent.recordId, { name: '乙填的名称' }, { operator: '乙' });
    await here.sync.run();
    await there.sync.run();
    await here.sync.run();
    const [conflict] = await here.sync.conflicts();
    expect(conflict).toBeDefined();

    window.history.replaceState(null, '', '#/sync');
    startRouter();
    await startSession();
    render(<App />);
    const item = await screen.findByTestId('sync-conflict-0');
    // Which record (by its current title) and which field, in words.
    expect(item.textContent).toMatch(new RegExp(`^企业 · ${String(conflict!.winner.value)} · 企业名称`));
    expect(screen.getByTestId('sync-conflict-0-winner-value').textContent).toBe(conflict!.winner.value);
    expect(screen.getByTestId('sync-conflict-0-loser-value').textContent).toBe(conflict!.loser.value);
    expect(within(item).getByText(new RegExp(`^${conflict!.loser.operator}，`))).toBeTruthy();

    fireEvent.click(screen.getByTestId('sync-conflict-0-loser-choose'));
    expect((await screen.findByTestId('sync-conflicts-result')).textContent).toBe('已采用所选的值。');
    expect(await screen.findByText('没有需要处理的冲突。')).toBeTruthy();
    expect(valuesOf((await office.repos.records.get('enterprise', ent.recordId))!).name).toBe(conflict!.loser.value);

    await here.sync.run();
    await there.sync.run();
    expect(await there.sync.conflicts()).toEqual([]);
    expect(valuesOf((await there.repo.get('enterprise', ent.recordId))!).name).toBe(conflict!.loser.value);
  });
});
