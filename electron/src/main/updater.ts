/** electron-updater's autoUpdater for the update service: the generic feed, nothing downloaded or installed unasked. */
import { autoUpdater } from 'electron-updater';
import type { UpdaterLike } from '../host/updates';

export function electronUpdater(feedUrl: string): UpdaterLike {
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  return autoUpdater;
}
