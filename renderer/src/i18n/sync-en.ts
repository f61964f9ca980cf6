/** The sync page's English texts (same keys as sync-zh-CN.ts). */
import type { syncZhCN } from './sync-zh-CN';

export const syncEn: { readonly [K in keyof typeof syncZhCN]: string } = {
  'sync.enrol.title': 'Enrol this device',
  'sync.enrol.help':
    'This device must be enrolled with the provincial server before it can sync. Its key is generated and kept on this computer.',
  'sync.enrol.byCode': 'Online (enrolment code)',
  'sync.enrol.serverUrl': 'Provincial server address',
  'sync.enrol.code': 'Enrolment code',
  'sync.enrol.submit': 'Enrol',
  'sync.enrol.byFile': 'Offline (USB stick)',
  'sync.enrol.byFileHelp':
    'Write an enrolment request file for the provincial administrator, then import the certificate file they return.',
  'sync.enrol.county': 'County code',
  'sync.enrol.request': 'Write enrolment request file',
  'sync.enrol.requestSaved': 'Enrolment request saved to {path}. Hand it to the provincial administrator.',
  'sync.enrol.importCert': 'Import certificate file',
  'sync.enrol.done': 'Enrolled. Device {device}, county {county}.',
  'sync.enrol.needOperator': 'Choose the current operator in Settings first.',
  'sync.enrol.needFields': 'Enter the server address and the enrolment code.',
  'sync.enrol.badCounty': '"{county}" is not a Hebei county-level code.',
  'sync.enrol.certInvalid':
    'This file is not a valid device certificate. Use the certificate file issued by the provincial administrator.',
  'sync.enrol.certNotMine':
    "This certificate was not issued for this device. Use the certificate issued for this device's request.",
  'sync.enrol.certBadSignature':
    "The certificate's signature does not verify; it may not come from the provincial server. Check where the file came from.",
  'sync.keystore.devOnly':
    'The device key is kept in an unencrypted file (browser mode): for testing only, not for production.',
  'sync.device': 'Device {device} ({county})',
  'sync.now': 'Sync now',
  'sync.pendingByType': 'Records waiting, by type',
  'sync.pendingNone': 'No records waiting.',
  'sync.acked': 'The server confirmed packages up to no. {seq} ({sealed} sealed)',
  'sync.ackedNone': 'The server has not confirmed any package yet',
  'sync.done': 'Sync done: {pushed} packages sent, {ops} provincial changes received.',
  'sync.usb.title': 'USB stick',
  'sync.usb.help':
    'Without a network, export the pending changes to a USB stick for a colleague online or the provincial administrator; import the receipt or return package they give back here. It means exactly the same as an online sync, and importing a file twice is harmless.',
  'sync.usb.export': 'Export pending changes',
  'sync.usb.exported': 'Exported {count} packages: {paths}',
  'sync.usb.nothing': 'No changes waiting; nothing to export.',
  'sync.usb.import': 'Import receipt / return package',
  'sync.usb.imported': 'Imported: {ops} provincial changes, {changed} records updated.',
  'sync.usb.cancelled': 'Cancelled.',
  'sync.repair.title': 'Repair',
  'sync.repair.help':
    'If records on this computer look wrong, recompute all of them from the operation log. Changes waiting to be sent are not affected.',
  'sync.repair.run': 'Rebuild from operation log',
  'sync.repair.confirm': 'Recompute every record on this computer from the operation log?',
  'sync.repair.done': 'Rebuilt {count} records.',
  'sync.conflicts.title': 'Conflicts',
  'sync.conflicts.none': 'No conflicts to review.',
  'sync.conflicts.help':
    'These fields were changed on different devices at the same time. Choose the value to keep; your choice is sent as a new change.',
  'sync.conflicts.current': 'Value shown now',
  'sync.conflicts.other': 'The other change',
  'sync.conflicts.by': '{operator}, {time}',
  'sync.conflicts.choose': 'Keep this value',
  'sync.conflicts.chosen': 'The chosen value is kept.',
  'sync.conflicts.empty': '(empty)',
  'sync.doneHeld': '{count} more changes are held back; see "Changes on hold".',
  'sync.held.title': 'Changes on hold',
  'sync.held.help':
    "These changes were not sent: they are outside this office's area, or the provincial server refused them. Everything else syncs as usual. Once the record is fixed they are sent by themselves; you can also discard a change.",
  'sync.held.field': 'Field: {field}',
  'sync.held.discard': 'Discard this change',
  'sync.held.confirm':
    'The change to "{record}" ({field} set to "{value}") will be discarded for good and never sent. {recordGone}Discard it?',
  'sync.held.confirmRecordGone': 'The record consists only of held changes and will be removed from this computer. ',
  'sync.held.discarded': '{count} change(s) discarded.',
  'sync.held.retry': 'The cause is fixed: send again',
  'sync.held.retried': '{count} change(s) are back in the outbox and will be checked again at the next sync.',
};
