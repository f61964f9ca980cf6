import type { autoBackupZhCN } from './auto-backup-zh-CN';

export const autoBackupEn: { readonly [K in keyof typeof autoBackupZhCN]: string } = {
  'autoBackup.title': 'Daily automatic backup',
  'autoBackup.help':
    'Checked when the app opens and every hour after: if the last backup is more than a day old, all data is backed up to the chosen folder, keeping the newest N copies.',
  'autoBackup.folder': 'Backup folder',
  'autoBackup.noFolder': 'No folder chosen; automatic backup is off.',
  'autoBackup.choose': 'Choose folder',
  'autoBackup.keep': 'Copies to keep',
  'autoBackup.now': 'Back up now',
  'autoBackup.last': 'Last automatic backup: {time} ({path})',
  'autoBackup.never': 'No automatic backup yet.',
  'autoBackup.failed': 'Automatic backup failed: {reason}. It will be tried again within the hour.',
};
