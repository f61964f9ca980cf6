/** Messages of the record lists, the related records on a record's page and the browser shell's connection. */
export const listsZhCN = {
  'import.fill.title': '为所有行填写同一个值',
  'import.fill.help':
    '表格中没有这一列时，可在此填一个值用于全部行（按单元格内容识别）；不填则导入为草稿并标记「待补全」。',
  'import.fill.placeholder': '所有行都填这个值',
  'import.fill.apply': '填入所有行',
  'import.fill.clear': '不填',
  'import.gaps': '可以导入，但需要补全',
  'shell.lost': '与本机程序的连接已断开（可能正在重启），正在自动重新连接……连上后本页会自动刷新。',
  'shell.noToken':
    '此标签页不是从启动链接打开的，暂时无法读写文件和同步。请使用启动程序打开的窗口；在本浏览器中打开启动链接后，此页会自动连上。',
  'list.toComplete': '待补全：{fields}未填写，核实前须补全。',
  'list.sortBy': '按「{column}」排序（再点一次倒序，第三次恢复按修改时间）',
  'list.related.demands': '该企业的技术需求（{count}）',
  'list.related.visits': '该企业的走访记录（{count}）',
  'list.related.none': '暂无',
  'import.file.enterpriseList': '企业名录',
  'import.file.commissionerList': '科技特派员名册',
} as const;
