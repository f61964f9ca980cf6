// @vitest-environment jsdom
// The 同步 page as staff use it: enrol with a code, see what waits, sync, export the USB package, read errors.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ENROL_REFUSAL_TEXT } from '@shared/sync/enrol-refusals';
import { syncErrorText } from '@shared/sync/errors';
import { App } from '../../../../renderer/src/app/App';
import { startRouter } from '../../../../renderer/src/app/router';
import { startSession } from '../../../../renderer/src/app/session';
import { installBridge } from '../../../../renderer/src/platform';
import { createTestingBridge } from '../../../support/testing-bridge';
import { DeviceSync, setDeviceSync } from '../../../../renderer/src/sync';
import { inPageLock } from '../../../../renderer/src/sync/lock';
import { freshApp } from '../dom-setup';
import { ENTERPRISE } from '../storage/helpers';
import { enrolOver, httpOver, referenceServer } from './support';

describe('同步 page', () => {
  it('enrols with a code, lists waiting changes per type, syncs with a result, exports the exact package bytes', async () => {
    const office = freshApp();
    await office.repos.operators.add('张三');
    await office.repos.settings.set('operator', '张三');
    const server = await referenceServer();
    let online = true;
    const http = enrolOver(server, 'GOOD-CODE', httpOver(server));
    const bridge = createTestingBridge({
      appInfo: { serverUrl: 'http://province.example:8787' },
      syncHttp: async (args) => {
        if (!online) throw new Error('BRIDGE_UNAVAILABLE: network: connect ECONNREFUSED');
        return http(args);
      },
    });
    installBridge(bridge);
    const sync = new DeviceSync({
      db: office.db,
      bridge,
      lock: inPageLock(),
      engine: { sleep: async () => undefined, retry: { attempts: 2, baseMs: 1, maxMs: 2 } },
    });
    setDeviceSync(sync);
    window.history.replaceState(null, '', '#/sync');
    startRouter();
    await startSession();
    render(<App />);

    expect(await screen.findByTestId('sync-keystore-warning')).toBeTruthy();
    expect((screen.getByTestId('sync-enrol-url') as HTMLInputElement).value).toBe('http://province.example:8787');
    fireEvent.change(screen.getByTestId('sync-enrol-code'), { target: { value: 'WRONG' } });
    fireEvent.click(screen.getByTestId('sync-enrol-submit'));
    // Worded by the client for the server's code (enrol-code-unknown), not in the server's own words.
    expect((await screen.findByTestId('sync-enrol-result')).textContent).toBe(
      ENROL_REFUSAL_TEXT['enrol-code-unknown']!.zh,
    );
    fireEvent.change(screen.getByTestId('sync-enrol-code'), { target: { value: 'GOOD-CODE' } });
    fireEvent.click(screen.getByTestId('sync-enrol-submit'));
    expect((await screen.findByTestId('sync-device')).textContent).toContain('130534');
    expect(screen.queryByTestId('sync-enrol')).toBeNull();

    const saved = await office.repos.records.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    // Counted in records (one enterprise), not in field changes.
    await waitFor(() => expect(screen.getByTestId('sync-pending-enterprise').textContent).toBe('企业：1'));
    expect(screen.getByTestId('sync-last').textContent).toBe('从未同步');

    // Offline: the error says what happened and what to do next; nothing is lost.
    online = false;
    fireEvent.click(screen.getByTestId('sync-now'));
    expect((await screen.findByTestId('sync-error')).textContent).toBe(syncErrorText('NETWORK').zh);
    expect(screen.getByTestId('sync-pending-enterprise')).toBeTruthy();

    // USB: the exported file holds exactly the sealed package bytes.
    fireEvent.click(screen.getByTestId('sync-export'));
    expect((await screen.findByTestId('sync-usb-result')).textContent).toMatch(
      /^已导出 1 个数据包：\/test-data\/exports\/linkdesk-.+-000001\.ldpkg$/,
    );
    const [pkg] = await sync.store.pendingPackages();
    expect([...bridge.written.values()]).toEqual([Buffer.from(pkg!.bytes).toString('base64')]);

    online = true;
    fireEvent.click(screen.getByTestId('sync-now'));
    expect((await screen.findByTestId('sync-result')).textContent).toBe(
      '同步完成：上报 1 个修改包，收到 3 条省级数据。',
    );
    await waitFor(() =>
      expect(screen.getByTestId('sync-acked').textContent).toBe('服务器已确认至第 1 号修改包（已打包 1 个）'),
    );
    expect(screen.getByTestId('sync-last').textContent).toMatch(/^上次同步：/);
    expect(screen.getByTestId('sync-pending-by-type').textContent).toBe('没有待上报的记录。');
    expect(server.log.map((op) => op.opId).sort()).toEqual(saved.ops.map((op) => op.opId).sort());
  });

  it('warns when changes have waited more than 24 hours', async () => {
    const office = freshApp();
    await office.repos.records.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    const bridge = createTestingBridge();
    installBridge(bridge);
    setDeviceSync(
      new DeviceSync({ db: office.db, bridge, lock: inPageLock(), now: () => Date.now() + 25 * 3_600_000 }),
    );
    window.history.replaceState(null, '', '#/sync');
    startRouter();
    await startSession();
    render(<App />);
    const warning = await screen.findByTestId('sync-warning');
    expect(warning.getAttribute('data-code')).toBe('PENDING_OLD');
    expect(warning.textContent).toMatch(/^有修改已等待 2[45] 小时仍未报送到省级服务器。/);
  });
});
