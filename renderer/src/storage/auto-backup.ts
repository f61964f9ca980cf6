/**
 * The automatic daily backup: on app start and every hour, if the last one is more than a day old and a
 * folder has been chosen, the whole database goes to `<folder>/linkdesk-backup-YYYYMMDD-HHmm.json` through
 * the bridge, which keeps the newest N files of that series. Settings live in the settings table under
 * `autoBackup`; a failure is kept there (lastError) so Settings can show it, and it is retried next hour.
 */
import type { DesktopBridge } from '@shared/bridge';
import { textToBase64 } from './backup';
import type { Repositories } from './repositories';

export const AUTO_BACKUP_KEY = 'autoBackup';
export const AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000;
export const AUTO_BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
export const AUTO_BACKUP_DEFAULT_KEEP = 7;

export interface AutoBackupSettings {
  folder: string | null;
  keep: number;
  lastBackupAt: string | null;
  lastPath: string | null;
  lastError: string | null;
}

const DEFAULTS: AutoBackupSettings = {
  folder: null,
  keep: AUTO_BACKUP_DEFAULT_KEEP,
  lastBackupAt: null,
  lastPath: null,
  lastError: null,
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** `linkdesk-backup-YYYYMMDD-HHmm.json` in local time (the office's clock), so the names sort by date. */
export function backupFileName(at: Date): string {
  return `linkdesk-backup-${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}.json`;
}

export async function readAutoBackup(repos: Repositories): Promise<AutoBackupSettings> {
  const raw = await repos.settings.get(AUTO_BACKUP_KEY);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...DEFAULTS };
  const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
  const keep =
    typeof raw.keep === 'number' && Number.isInteger(raw.keep) && raw.keep >= 1 && raw.keep <= 100
      ? raw.keep
      : DEFAULTS.keep;
  return {
    folder: str(raw.folder),
    keep,
    lastBackupAt: str(raw.lastBackupAt),
    lastPath: str(raw.lastPath),
    lastError: str(raw.lastError),
  };
}

export async function updateAutoBackup(
  repos: Repositories,
  change: Partial<AutoBackupSettings>,
): Promise<AutoBackupSettings> {
  const next = { ...(await readAutoBackup(repos)), ...change };
  await repos.settings.set(AUTO_BACKUP_KEY, { ...next });
  return next;
}

export function isBackupDue(settings: AutoBackupSettings, now: Date): boolean {
  if (!settings.folder) return false;
  if (!settings.lastBackupAt) return true;
  return now.getTime() - Date.parse(settings.lastBackupAt) >= AUTO_BACKUP_EVERY_MS;
}

export interface AutoBackupDeps {
  repos: Repositories;
  bridge: DesktopBridge;
  now?: () => Date;
}

/** Writes a backup if one is due; `force` writes one now regardless. Resolves the written path, or null. */
export async function runAutoBackup(deps: AutoBackupDeps, force = false): Promise<string | null> {
  const now = (deps.now ?? (() => new Date()))();
  const settings = await readAutoBackup(deps.repos);
  if (!settings.folder || (!force && !isBackupDue(settings, now))) return null;
  try {
    const text = await deps.repos.backup.export();
    const written = await deps.bridge.writeBackup({
      folder: settings.folder,
      fileName: backupFileName(now),
      dataBase64: textToBase64(text),
      keep: settings.keep,
    });
    await updateAutoBackup(deps.repos, { lastBackupAt: now.toISOString(), lastPath: written.path, lastError: null });
    return written.path;
  } catch (error) {
    await updateAutoBackup(deps.repos, { lastError: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

export interface AutoBackupTimer {
  stop: () => void;
  /** Resolves once the checks started so far have finished. */
  settled: () => Promise<void>;
}

/** Checks now and then every hour (checks never overlap). */
export function startAutoBackup(deps: AutoBackupDeps, checkEveryMs = AUTO_BACKUP_CHECK_MS): AutoBackupTimer {
  let running: Promise<void> = Promise.resolve();
  const check = (): void => {
    running = running
      .then(async () => {
        await runAutoBackup(deps);
      })
      .catch(() => undefined);
  };
  check();
  const timer = setInterval(check, checkEveryMs);
  return { stop: () => clearInterval(timer), settled: () => running };
}
