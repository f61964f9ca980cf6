/** First-run set-up and the office's county (spread into zh-CN.ts; office-en.ts has exactly these keys). */
export const officeZhCN = {
  'office.firstRun.banner': '首次使用：请先设置本单位（所在县、单位名称、操作人），之后录入的记录默认属于本县。',
  'office.firstRun.open': '设置本单位',
  'office.firstRun.title': '首次使用：设置本单位',
  'office.firstRun.help':
    '县级科技管理部门只录入本县的企业、需求和走访。所在县只在此设置一次；本设备在省级服务器注册后，以证书中的县为准。',
  'office.firstRun.county': '所在县（市、区）',
  'office.firstRun.countyPlaceholder': '输入县名查找，如：高阳',
  'office.firstRun.name': '单位名称',
  'office.firstRun.namePlaceholder': '如：高阳县科学技术局',
  'office.firstRun.operator': '操作人（您的姓名）',
  'office.firstRun.operatorPlaceholder': '输入您的姓名',
  'office.firstRun.defaultName': '{county}科学技术局',
  'office.firstRun.save': '保存',
  'office.firstRun.needCounty': '请选择所在县（市、区）',
  'office.firstRun.needName': '请填写单位名称',
  'office.firstRun.needOperator': '请填写操作人姓名',
  'office.firstRun.saved': '已设置本单位：{name}（{county}）。',
  'office.current': '本单位：{name}（{county}）',
  'office.otherCounty.title': '不属于本单位',
} as const;
