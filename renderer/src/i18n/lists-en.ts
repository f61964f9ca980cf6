import type { listsZhCN } from './lists-zh-CN';

export const listsEn: { readonly [K in keyof typeof listsZhCN]: string } = {
  'list.sortBy': 'Sort by "{column}" (click again for reverse, a third time for last changed first)',
  'list.related.demands': "This enterprise's technology demands ({count})",
  'list.related.visits': "This enterprise's visits ({count})",
  'list.related.none': 'None yet',
  'import.file.enterpriseList': 'enterprise-list',
  'import.file.commissionerList': 'commissioner-roster',
};
