// @vitest-environment jsdom
// The daily automatic backup: on start and every hour, a backup when the last one is a day old, N copies kept.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter } from '../../../renderer/src/app/router';
import { startSession } from '../../../renderer/src/app/session';
import { installBridge } from '../../../renderer/src/platform';
import { createTestingBridge, type TestingBridge } from '../../support/testing-bridge';
import { base64ToText } from '../../../renderer/src/storage/backup';
import {
  backupFileName,
  readAutoBackup,
  runAutoBackup,
  startAutoBackup,
  updateAutoBackup,
} from '../../../renderer/src/storage/auto-backup';
import { freshApp } from './dom-setup';
import { ENTERPRISE } from './storage/helpers';

const HOUR = 3_600_000;
const backupsIn = (bridge: TestingBridge, folder: string): string[] =>
  [...bridge.written.keys()].filter((p) => p.startsWith(`${folder}/linkdesk-backup-`)).sort();

afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

describe('automatic daily backup', () => {
  it('names files linkdesk-backup-YYYYMMDD-HHmm.json in local time', () => {
    expect(backupFileName(new Date(2026, 0, 5, 7, 3))).toBe('linkdesk-backup-20260105-0703.json');
  });

  it('does nothing until a folder is chosen', async () => {
    const { repos } = freshApp();
    const bridge = createTestingBridge();
    expect(await runAutoBackup({ repos, bridge }, true)).toBeNull();
    expect(bridge.calls.filter((c) => c.method === 'writeBackup')).toEqual([]);
  });

  it('backs up on start, checks every hour, writes again only after a day, and keeps the newest N copies', async () => {
    const { repos } = freshApp();
    await repos.operators.add('张三');
    await repos.records.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    const bridge = createTestingBridge();
    const folder = (await bridge.chooseFolder())!;
    await updateAutoBackup(repos, { folder, keep: 2 });

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date(2026, 10, 2, 9, 30));
    const timer = startAutoBackup({ repos, bridge });
    await timer.settled();
    expect(backupsIn(bridge, folder)).toEqual([`${folder}/linkdesk-backup-20261102-0930.json`]);
    const file = JSON.parse(base64ToText(bridge.written.get(`${folder}/linkdesk-backup-20261102-0930.json`)!)) as {
      format: string;
      tables: Record<string, unknown[]>;
    };
    expect(file.format).toBe('linkdesk-backup');
    expect(JSON.stringify(file.tables)).toContain(ENTERPRISE.name);

    // hourly checks within the day write nothing
    for (let h = 1; h < 24; h++) {
      vi.advanceTimersByTime(HOUR);
      await timer.settled();
    }
    expect(backupsIn(bridge, folder)).toHaveLength(1);
    vi.advanceTimersByTime(HOUR);
    await timer.settled();
    expect(backupsIn(bridge, folder)).toEqual([
      `${folder}/linkdesk-backup-20261102-0930.json`,
      `${folder}/linkdesk-backup-20261103-0930.json`,
    ]);

    vi.advanceTimersByTime(24 * HOUR);
    await timer.settled();
    // keep 2: the oldest is removed
    expect(backupsIn(bridge, folder)).toEqual([
      `${folder}/linkdesk-backup-20261103-0930.json`,
      `${folder}/linkdesk-backup-20261104-0930.json`,
    ]);
    expect((await readAutoBackup(repos)).lastBackupAt).toBe(new Date(2026, 10, 4, 9, 30).toISOString());

    timer.stop();
    vi.advanceTimersByTime(48 * HOUR);
    await timer.settled();
    expect(backupsIn(bridge, folder)).toHaveLength(2);
  });

  it('keeps the reason when the host refuses, writes nothing, and tries again later', async () => {
    const { repos } = freshApp();
    const bridge = createTestingBridge();
    await updateAutoBackup(repos, { folder: '/not/chosen' });
    expect(await runAutoBackup({ repos, bridge })).toBeNull();
    const after = await readAutoBackup(repos);
    expect(after.lastError).toMatch(/not an allowed folder/);
    expect(after.lastBackupAt).toBeNull();
    expect(bridge.written.size).toBe(0);
  });

  it('is set up in Settings: choose the folder and N, and back up now', async () => {
    const { repos } = freshApp();
    const bridge = createTestingBridge();
    installBridge(bridge);
    window.history.replaceState(null, '', '#/settings');
    startRouter();
    await startSession();
    render(<App />);
    expect((await screen.findByTestId('autobackup-folder')).textContent).toBe('尚未选择，自动备份未开启。');
    fireEvent.click(screen.getByTestId('autobackup-choose'));
    await waitFor(() => expect(screen.getByTestId('autobackup-folder').textContent).toBe('/test-data/backups'));
    const keep = screen.getByTestId('autobackup-keep').querySelector('input') ?? screen.getByTestId('autobackup-keep');
    fireEvent.change(keep, { target: { value: '3' } });
    await waitFor(async () => expect((await readAutoBackup(repos)).keep).toBe(3));
    // A button still saving the previous setting shows a spinner and ignores clicks: wait until it is idle.
    await waitFor(() => expect(screen.getByTestId('autobackup-now').className).not.toMatch(/ant-btn-loading/));
    fireEvent.click(screen.getByTestId('autobackup-now'));
    await waitFor(
      () =>
        expect(screen.getByTestId('autobackup-last').textContent).toMatch(
          /上次自动备份：.*\/test-data\/backups\/linkdesk-backup-\d{8}-\d{4}\.json/,
        ),
      { timeout: 10_000 },
    );
    expect(backupsIn(bridge, '/test-data/backups')).toHaveLength(1);
  });
});
