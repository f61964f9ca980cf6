/**
 * Electron safeStorage as the keystore's SecretProtector. null (→ the dev-only file keystore, reported as
 * `file-dev-only`) when the OS offers no real encryption: no safeStorage, or Linux without a keyring where
 * Electron would fall back to a hard-coded password ('basic_text').
 */
import { safeStorage } from 'electron';
import type { SecretProtector } from './keystore';

export function safeStorageProtector(): SecretProtector | null {
  if (typeof safeStorage?.isEncryptionAvailable !== 'function' || !safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
