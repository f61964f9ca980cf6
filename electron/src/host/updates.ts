/**
 * The app's own updates, from the provincial server's electron-updater feed (`<server>/updates/`, see
 * server/src/updates). The service keeps one state machine — check → download → install — and talks to the
 * updater only through `UpdaterLike`, so Electron main passes electron-updater's autoUpdater and tests pass a
 * real NsisUpdater without Electron. The browser shell and unpackaged builds answer `unsupported` with the reason.
 */
import { BridgeError, type UpdateStatus } from '@shared/bridge';

/** The part of electron-updater's AppUpdater this service uses. */
export interface UpdaterLike {
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<string[]>;
  quitAndInstall(): void;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
}

export interface UpdateServiceOptions {
  currentVersion: string;
  /** The provincial server now configured (it can change after enrolment), or null. */
  serverUrl: () => Promise<string | null>;
  /** An updater reading the generic feed at `feedUrl`; absent when this host cannot update itself. */
  makeUpdater?: (feedUrl: string) => UpdaterLike;
  /** Why this host cannot update itself (used when makeUpdater is absent). */
  unsupportedReason?: string;
}

export interface UpdateService {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  download(): Promise<UpdateStatus>;
  install(): void;
}

/** The feed the server publishes for electron-updater's generic provider. */
export function feedUrlFor(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/updates/`;
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { makeUpdater } = options;
  let status: UpdateStatus = makeUpdater
    ? { state: 'idle', current: options.currentVersion, available: null, percent: null, reason: null }
    : unsupported(options.currentVersion, options.unsupportedReason ?? 'this build cannot update itself');
  let updater: { feed: string; instance: UpdaterLike } | null = null;

  const set = (next: Partial<UpdateStatus>): UpdateStatus => (status = { ...status, ...next });
  const updaterFor = (feed: string): UpdaterLike => {
    if (updater?.feed !== feed) {
      const instance = makeUpdater!(feed);
      instance.on('download-progress', (info) => {
        if (status.state === 'downloading') set({ percent: Math.max(0, Math.min(100, Math.floor(info.percent))) });
      });
      updater = { feed, instance };
    }
    return updater.instance;
  };

  return {
    status: () => status,

    async check() {
      // a download under way or done stays as it is (a new check would forget the verified installer)
      if (!makeUpdater || status.state === 'downloading' || status.state === 'downloaded') return status;
      const server = await options.serverUrl();
      if (!server) return set({ state: 'no-server', available: null, percent: null, reason: null });
      try {
        const result = await updaterFor(feedUrlFor(server)).checkForUpdates();
        const available = result?.isUpdateAvailable ? result.updateInfo.version : null;
        return set({ state: available ? 'available' : 'up-to-date', available, percent: null, reason: null });
      } catch (error) {
        return set({ state: 'failed', percent: null, reason: plainReason(error) });
      }
    },

    async download() {
      if (status.state !== 'available' || !updater)
        throw new BridgeError(
          'BRIDGE_UNAVAILABLE',
          `nothing to download (the update state is ${status.state}; check first)`,
        );
      set({ state: 'downloading', percent: 0, reason: null });
      try {
        await updater.instance.downloadUpdate();
        return set({ state: 'downloaded', percent: 100 });
      } catch (error) {
        return set({ state: 'failed', percent: null, reason: plainReason(error) });
      }
    },

    install() {
      if (status.state !== 'downloaded' || !updater)
        throw new BridgeError(
          'BRIDGE_UNAVAILABLE',
          `no downloaded update to install (the update state is ${status.state})`,
        );
      updater.instance.quitAndInstall();
    },
  };
}

function unsupported(current: string, reason: string): UpdateStatus {
  return { state: 'unsupported', current, available: null, percent: null, reason };
}

/** electron-updater errors carry long stack-like text; the first line says what happened. */
function plainReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 500) || 'unknown error';
}
