/** Messages of the record lists, the related records on a record's page and the browser shell's connection. */
export const listsZhCN = {
  'list.sortBy': '按「{column}」排序（再点一次倒序，第三次恢复按修改时间）',
  'list.related.demands': '该企业的技术需求（{count}）',
  'list.related.visits': '该企业的走访记录（{count}）',
  'list.related.none': '暂无',
  'import.file.enterpriseList': '企业名录',
  'import.file.commissionerList': '科技特派员名册',
} as const;
