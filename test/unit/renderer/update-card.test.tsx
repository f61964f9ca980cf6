// @vitest-environment jsdom
// 软件更新 in Settings: what the card says and offers at each step of check → download → install.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateCard } from '../../../renderer/src/pages/settings/UpdateCard';
import { installBridge } from '../../../renderer/src/platform';
import { createTestingBridge } from '../../support/testing-bridge';

afterEach(() => {
  cleanup();
  installBridge(null);
});

const state = () => screen.getByTestId('update-state').textContent ?? '';

describe('software update card', () => {
  it('a host that cannot update itself says so and offers no buttons', async () => {
    installBridge(createTestingBridge({ appInfo: { version: '1.0.0' } }));
    render(<UpdateCard />);
    await waitFor(() => expect(state()).toContain('不能自动更新'));
    expect(screen.getByText('当前版本：1.0.0')).toBeTruthy();
    expect(screen.queryByTestId('update-check')).toBeNull();
    expect(screen.queryByTestId('update-download')).toBeNull();
  });

  it('finds a newer version, downloads it, then offers restart and install', async () => {
    const bridge = createTestingBridge({ appInfo: { version: '1.0.0' }, updateAvailable: '1.2.0' });
    installBridge(bridge);
    render(<UpdateCard />);
    await waitFor(() => expect(state()).toContain('还没有检查过更新'));
    fireEvent.click(screen.getByTestId('update-check'));
    await waitFor(() => expect(state()).toContain('有新版本 1.2.0'));
    expect(screen.queryByTestId('update-install')).toBeNull();

    fireEvent.click(screen.getByTestId('update-download'));
    await waitFor(() => expect(state()).toContain('新版本 1.2.0 已下载并通过校验'));
    fireEvent.click(screen.getByTestId('update-install'));
    await waitFor(() => expect(bridge.calls.map((c) => c.method)).toContain('updateInstall'));
    expect(bridge.calls.map((c) => c.method).filter((m) => m.startsWith('update'))).toEqual([
      'updateStatus',
      'updateCheck',
      'updateDownload',
      'updateInstall',
    ]);
  });

  it('an app at the latest version says so and offers nothing to download', async () => {
    installBridge(createTestingBridge({ updateAvailable: null }));
    render(<UpdateCard />);
    await waitFor(() => screen.getByTestId('update-check'));
    fireEvent.click(screen.getByTestId('update-check'));
    await waitFor(() => expect(state()).toContain('已是最新版本'));
    expect(screen.queryByTestId('update-download')).toBeNull();
  });
});
