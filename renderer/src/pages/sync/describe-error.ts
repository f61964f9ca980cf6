/** Any failure of a sync action as one plain sentence with the next step (SyncError carries its own text). */
import { SyncError } from '@shared/sync/errors';
import { pick, type Lang, type T } from '../../i18n';
import { BridgeError } from '../../platform';
import { EnrolError } from '../../sync';

export function describeSyncError(error: unknown, t: T, lang: Lang): string {
  if (error instanceof SyncError) return pick(error.text, lang);
  if (error instanceof EnrolError) {
    if (error.code === 'CERT_NOT_MINE') return t('sync.enrol.certNotMine');
    if (error.code === 'CERT_BAD_SIGNATURE') return t('sync.enrol.certBadSignature');
    return t('sync.enrol.certInvalid');
  }
  if (error instanceof BridgeError && error.code === 'BRIDGE_FORBIDDEN' && /certificate/.test(error.detail))
    return t('sync.enrol.certNotMine');
  return t('common.unexpectedError', { reason: (error as Error).message });
}
