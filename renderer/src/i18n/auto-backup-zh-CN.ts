/** Messages of the automatic daily backup card in Settings. */
export const autoBackupZhCN = {
  'autoBackup.title': '每日自动备份',
  'autoBackup.help':
    '程序打开时和之后每小时检查一次：距上次备份超过一天，就把全部数据备份到所选文件夹，只保留最近 N 份。',
  'autoBackup.folder': '备份文件夹',
  'autoBackup.noFolder': '尚未选择，自动备份未开启。',
  'autoBackup.choose': '选择文件夹',
  'autoBackup.keep': '保留份数',
  'autoBackup.now': '立即备份',
  'autoBackup.last': '上次自动备份：{time}（{path}）',
  'autoBackup.never': '还没有自动备份过。',
  'autoBackup.failed': '自动备份失败：{reason}。下个小时会再试。',
} as const;
