import type { listsZhCN } from './lists-zh-CN';

export const listsEn: { readonly [K in keyof typeof listsZhCN]: string } = {
  'import.fill.title': 'One value for every row',
  'import.fill.help':
    'When the file has no column for a field, give one value here for all rows (read as a cell would be); without it the rows import as drafts marked "to complete".',
  'import.fill.placeholder': 'Value for every row',
  'import.fill.apply': 'Fill all rows',
  'import.fill.clear': 'Leave empty',
  'import.gaps': 'Importable, to be completed',
  'shell.lost':
    'The connection to the app on this computer was lost (it may be restarting); reconnecting by itself… This page refreshes once connected.',
  'shell.noToken':
    'This tab was not opened through the launch link, so files and sync are unavailable for now. Use the window `npm start` opened; once the launch link is opened in this browser, this page connects by itself.',
  'list.toComplete': 'To complete: {fields} missing; needed before verification.',
  'list.sortBy': 'Sort by "{column}" (click again for reverse, a third time for last changed first)',
  'list.related.demands': "This enterprise's technology demands ({count})",
  'list.related.visits': "This enterprise's visits ({count})",
  'list.related.none': 'None yet',
  'import.file.enterpriseList': 'enterprise-list',
  'import.file.commissionerList': 'commissioner-roster',
};
