/** Words of the forms, the status move, the print sheet and the photo viewer. */
export const formsZhCN = {
  'form.datePlaceholder': '如 2027-03-01 或 2027年3月1日',
  'form.pickDate': '从日历选择日期',
  'form.draftRestored': '已恢复上次未保存的内容，核对后请点「保存」。',
  'form.draftDiscard': '放弃这些内容',

  'status.moveTitle': '将状态改为「{status}」？',
  'status.moveConfirm': '确定',
  'status.reasonLabel': '原因（必填）',
  'status.reasonPlaceholder': '请写明{status}的原因，将记入修改记录',
  'status.reasonRequired': '请填写{status}的原因',
  'status.quick': '办理：',

  'print.heading': '{office}',
  'print.formTitle': '{entity}登记表',
  'print.officeOf': '{county}科技主管部门',
  'print.officeUnknown': '科技主管部门',
  'print.handler': '经办人：',
  'print.reviewer': '审核人：',
  'print.signDate': '日期：　　年　　月　　日',
  'print.seal': '（盖章）',
  'print.photos': '现场照片',

  'photo.open': '查看照片 {name}',
  'photo.close': '关闭',
  'photo.title': '照片：{name}',

  'sync.progress.seal': '正在打包待同步的修改',
  'sync.progress.push': '正在上报第 {n}/{total} 个修改包',
  'sync.progress.pushed': '修改已全部上报',
  'sync.progress.pull': '正在接收省级数据（第 {page} 页）',
  'sync.progress.done': '同步完成',
} as const;
