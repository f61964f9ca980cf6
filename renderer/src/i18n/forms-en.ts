import type { formsZhCN } from './forms-zh-CN';

export const formsEn: { readonly [K in keyof typeof formsZhCN]: string } = {
  'form.datePlaceholder': 'e.g. 2027-03-01',
  'form.pickDate': 'Pick a date from the calendar',
  'form.draftRestored': 'What you typed last time and did not save is back. Check it, then click "Save".',
  'form.draftDiscard': 'Discard it',

  'status.moveTitle': 'Move the status to "{status}"?',
  'status.moveConfirm': 'Confirm',
  'status.reasonLabel': 'Reason (required)',
  'status.reasonPlaceholder': 'Why "{status}"? It goes into the history.',
  'status.reasonRequired': 'Give the reason for "{status}"',
  'status.quick': 'Next step:',

  'print.heading': '{office}',
  'print.formTitle': '{entity} record',
  'print.officeOf': '{county} S&T office',
  'print.officeUnknown': 'County S&T office',
  'print.handler': 'Handled by:',
  'print.reviewer': 'Reviewed by:',
  'print.signDate': 'Date: ____ / __ / __',
  'print.seal': '(Official seal)',
  'print.photos': 'Photos',

  'photo.open': 'View photo {name}',
  'photo.close': 'Close',
  'photo.title': 'Photo: {name}',

  'sync.progress.seal': 'Packing the changes to sync',
  'sync.progress.push': 'Sending change package {n} of {total}',
  'sync.progress.pushed': 'All changes sent',
  'sync.progress.pull': 'Receiving provincial data (page {page})',
  'sync.progress.done': 'Sync complete',
};
