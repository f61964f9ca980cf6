// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { startRouter } from '../../../renderer/src/app/router';
import { startSession, useSession } from '../../../renderer/src/app/session';
import { installBridge } from '../../../renderer/src/platform';
import { createTestingBridge } from '../../support/testing-bridge';
import { freshApp } from './dom-setup';
import { ENTERPRISE } from './storage/helpers';

async function openSettings(): Promise<void> {
  window.history.replaceState(null, '', '#/settings');
  startRouter();
  await startSession();
  render(<App />);
  await screen.findByTestId('page-settings');
}

describe('backup from Settings', () => {
  it('exports the database to a file and restores it into a fresh profile with identical records', async () => {
    const office = freshApp();
    await office.repos.operators.add('张三');
    const saved = await office.repos.records.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    const bridge = createTestingBridge();
    installBridge(bridge);
    await openSettings();
    fireEvent.click(screen.getByTestId('backup-export'));
    expect((await screen.findByTestId('backup-result')).textContent).toMatch(
      /^备份已保存到：\/test-data\/exports\/linkdesk-backup-\d{8}\.json$/,
    );
    const [[, dataBase64]] = [...bridge.written];
    cleanup();

    const fresh = freshApp();
    installBridge(createTestingBridge({ filesToOpen: [{ name: 'linkdesk-backup.json', dataBase64: dataBase64! }] }));
    await openSettings();
    fireEvent.click(screen.getByTestId('backup-restore'));
    fireEvent.click(await screen.findByTestId('backup-restore-confirm'));
    await waitFor(() => expect(screen.getByTestId('backup-result').textContent).toBe('已恢复 1 条记录。'));
    expect(await fresh.repos.records.get('enterprise', saved.recordId)).toEqual(
      await office.repos.records.get('enterprise', saved.recordId),
    );
    expect(await fresh.repos.records.history('enterprise', saved.recordId)).toEqual(
      await office.repos.records.history('enterprise', saved.recordId),
    );
    await waitFor(() => expect(useSession.getState().operators).toEqual(['张三']));
  });

  it('says plainly when the chosen file is not a backup, and changes nothing', async () => {
    const app = freshApp();
    await app.repos.records.save('enterprise', null, ENTERPRISE, { operator: '张三' });
    installBridge(createTestingBridge({ filesToOpen: [{ name: 'photo.json', dataBase64: btoa('{"hello":1}') }] }));
    await openSettings();
    fireEvent.click(screen.getByTestId('backup-restore'));
    fireEvent.click(await screen.findByTestId('backup-restore-confirm'));
    expect((await screen.findByTestId('backup-result')).textContent).toBe(
      '这个文件不是科技联动工作台的备份，本机数据没有改动。',
    );
    expect(await app.repos.records.count('enterprise')).toBe(1);
  });
});
