/** Messages of the software update card in Settings. */
export const updateZhCN = {
  'update.title': '软件更新',
  'update.current': '当前版本：{version}',
  'update.check': '检查更新',
  'update.download': '下载新版本',
  'update.install': '重启并安装',
  'update.state.unsupported': '这种运行方式不能自动更新，请用安装包升级。',
  'update.state.no-server': '尚未设置省级服务器，无法检查更新。请先在“同步”页登记本机。',
  'update.state.idle': '还没有检查过更新。',
  'update.state.up-to-date': '已是最新版本。',
  'update.state.available': '有新版本 {version}，可以下载。',
  'update.state.downloading': '正在下载新版本 {version}……',
  'update.state.downloaded': '新版本 {version} 已下载并通过校验。保存好手头的工作后，点击“重启并安装”。',
  'update.state.failed': '检查或下载更新没有成功。请确认本机能连上省级服务器，然后再试。',
  'update.detail': '详情：{reason}',
} as const;
