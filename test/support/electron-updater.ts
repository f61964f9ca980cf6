/**
 * A real electron-updater NsisUpdater without Electron: an injected app object backed by temp folders and
 * Node's http instead of Electron's net module — the way the desktop app's updater runs, minus the binary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';

/** electron-updater's download() over Node's http, as its ElectronHttpExecutor does it over Electron's net module. */
class NodeUpdaterHttpExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error: Error | null) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

/** What electron-updater asks of Electron's `app`, backed by temp folders. */
function fakeApp(version: string, home: string, feedUrl: string, onQuit: () => void): AppAdapter {
  mkdirSync(home, { recursive: true });
  const appUpdateConfigPath = path.join(home, 'app-update.yml');
  writeFileSync(appUpdateConfigPath, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: linkdesk-updater\n`);
  return {
    version,
    name: 'LinkDesk',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: path.join(home, 'user-data'),
    baseCachePath: path.join(home, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: onQuit,
    onQuit: () => undefined,
  };
}

/** An updater of an app at `version` reading the generic feed at `feedUrl` as `platform` would (latest.yml vs latest-linux.yml). */
export function nodeUpdater(
  version: string,
  home: string,
  feedUrl: string,
  platform: NodeJS.Platform,
  onQuit: () => void = () => undefined,
): NsisUpdater {
  const u = new NsisUpdater(null, fakeApp(version, home, feedUrl, onQuit));
  Object.assign(u, { httpExecutor: new NodeUpdaterHttpExecutor(), _testOnlyOptions: { platform } });
  u.autoDownload = false;
  u.logger = null;
  return u;
}
