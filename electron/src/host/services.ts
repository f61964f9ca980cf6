/**
 * The host side of the desktop bridge, in plain Node: Electron main and the browser shell both serve these
 * through dispatchBridgeCall (which has already validated every argument by the time a method runs).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AppInfo, BridgeError, type DesktopBridge, MAX_FILE_BYTES } from '@shared/bridge';
import { AllowedFolders } from './allowed-folders';
import { writeRotatedBackup } from './backups';
import { type HostDialogs } from './dialogs';
import { type HostKeystore } from './keystore';
import { resolveAllowedFolder } from './safe-paths';
import { createSyncHttp } from './transport';
import { createUpdateService, type UpdaterLike } from './updates';

export interface HostServicesOptions {
  shell: AppInfo['shell'];
  version: string;
  platform: string;
  dataDir: string;
  serverUrl: string | null;
  keystore: AppInfo['keystore'];
  dialogs: HostDialogs;
  /** The device key store; without one the keystore methods answer BRIDGE_UNAVAILABLE. */
  keys?: HostKeystore;
  /** For tests: the fetch syncHttp uses. */
  fetch?: typeof fetch;
  /** The app's own updates: an updater for a feed URL (Electron's autoUpdater), or why this host has none. */
  updates?: { makeUpdater?: (feedUrl: string) => UpdaterLike; unsupportedReason?: string };
}

export type HostServices = DesktopBridge;

export function createHostServices(options: HostServicesOptions): HostServices {
  const dataDir = path.resolve(options.dataDir);
  const allowed = new AllowedFolders(dataDir);
  const { dialogs } = options;
  const sync = createSyncHttp({ dataDir, defaultServerUrl: options.serverUrl, fetch: options.fetch });
  const updates = createUpdateService({
    currentVersion: options.version,
    serverUrl: () => sync.serverUrl(),
    makeUpdater: options.updates?.makeUpdater,
    unsupportedReason: options.updates?.unsupportedReason ?? `the ${options.shell} shell does not update itself`,
  });
  const keys = (): HostKeystore => {
    if (!options.keys) throw new BridgeError('BRIDGE_UNAVAILABLE', 'this host has no keystore');
    return options.keys;
  };

  return {
    async appInfo() {
      return {
        version: options.version,
        shell: options.shell,
        platform: options.platform,
        dataDir,
        serverUrl: await sync.serverUrl(),
        keystore: options.keys?.kind ?? options.keystore,
      };
    },

    keystoreStatus: async () => (options.keys ? options.keys.status() : { kind: 'none', key: null, certificate: null }),
    keystoreGenerate: async ({ alg }) => keys().generate(alg),
    keystoreSign: async ({ messageBase64 }) => ({
      signatureBase64: Buffer.from(await keys().sign(Buffer.from(messageBase64, 'base64'))).toString('base64'),
    }),
    keystoreImportCertificate: async ({ certificate }) => keys().importCertificate(certificate),
    syncConfigure: async ({ serverUrl }) => sync.configure(serverUrl),
    syncHttp: async (args) => sync.request(args),
    updateStatus: async () => updates.status(),
    updateCheck: () => updates.check(),
    updateDownload: () => updates.download(),
    updateInstall: async () => updates.install(),

    async saveFile({ suggestedName, mime, dataBase64 }) {
      const target = await dialogs.chooseSavePath(suggestedName, mime);
      if (target === null) return null;
      await ioStep(`write ${target}`, () => writeFile(target, Buffer.from(dataBase64, 'base64')));
      return { path: target };
    },

    async openFile({ accept }) {
      const source = await dialogs.chooseOpenPath(accept);
      if (source === null) return null;
      const info = await ioStep(`read ${source}`, () => stat(source));
      if (!info.isFile()) throw new BridgeError('BRIDGE_IO_FAILED', `${source} is not a file`);
      if (info.size > MAX_FILE_BYTES)
        throw new BridgeError('BRIDGE_IO_FAILED', `${source} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      const data = await ioStep(`read ${source}`, () => readFile(source));
      return { name: displayName(path.basename(source)), dataBase64: data.toString('base64') };
    },

    async chooseFolder() {
      const folder = await dialogs.chooseFolder();
      if (folder === null) return null;
      const resolved = path.resolve(folder);
      await allowed.add(resolved);
      return resolved;
    },

    async writeBackup({ folder, fileName, dataBase64, keep }) {
      await mkdir(dataDir, { recursive: true });
      const real = await resolveAllowedFolder(folder, await allowed.roots());
      return writeRotatedBackup(real, fileName, Buffer.from(dataBase64, 'base64'), keep);
    },
  };
}

async function ioStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new BridgeError(
      'BRIDGE_IO_FAILED',
      `could not ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** A file name as the contract allows it (some Linux names hold characters Windows forbids). */
function displayName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_')
    .replace(/[. ]+$/, '')
    .slice(0, 200);
  return cleaned === '' || cleaned === '..' ? 'file' : cleaned;
}
