/**
 * An in-memory desktop bridge for renderer unit tests: it keeps "files" in maps, applies the same contract
 * validation as the real hosts (through createRpcBridge + dispatchBridgeCall) and the same backup rotation rule.
 */
import { type AppInfo, BridgeError, type DesktopBridge, createRpcBridge, dispatchBridgeCall } from '@shared/bridge';

export interface TestingBridgeOptions {
  appInfo?: Partial<AppInfo>;
  /** Files `openFile` will "pick", in order; when empty, openFile resolves null (cancelled). */
  filesToOpen?: { name: string; dataBase64: string }[];
  /** What chooseFolder answers (null = cancelled). */
  folderToChoose?: string | null;
}

export interface TestingBridge extends DesktopBridge {
  /** Everything written so far, by absolute path. */
  readonly written: Map<string, string>;
  /** Every call made, in order. */
  readonly calls: { method: string; payload: unknown }[];
}

export function createTestingBridge(options: TestingBridgeOptions = {}): TestingBridge {
  const info: AppInfo = { version: '0.0.0-test', shell: 'browser', platform: 'test', dataDir: '/test-data', serverUrl: null, keystore: 'none', ...options.appInfo };
  const written = new Map<string, string>();
  const calls: { method: string; payload: unknown }[] = [];
  const toOpen = [...(options.filesToOpen ?? [])];
  const allowed = new Set<string>([info.dataDir]);

  const host: DesktopBridge = {
    appInfo: async () => info,
    saveFile: async ({ suggestedName, dataBase64 }) => {
      const path = `${info.dataDir}/exports/${suggestedName}`;
      written.set(path, dataBase64);
      return { path };
    },
    openFile: async () => toOpen.shift() ?? null,
    chooseFolder: async () => {
      const folder = options.folderToChoose === undefined ? `${info.dataDir}/backups` : options.folderToChoose;
      if (folder) allowed.add(folder);
      return folder;
    },
    writeBackup: async ({ folder, fileName, dataBase64, keep }) => {
      if (![...allowed].some((root) => folder === root || folder.startsWith(`${root}/`))) {
        throw new BridgeError('BRIDGE_PATH_REFUSED', `${folder} is not an allowed folder`);
      }
      const path = `${folder}/${fileName}`;
      written.set(path, dataBase64);
      const prefix = backupSeriesPrefix(fileName);
      const series = [...written.keys()].filter((p) => p.startsWith(`${folder}/${prefix}`) && !p.slice(folder.length + 1).includes('/')).sort().reverse();
      const removed = series.slice(keep);
      for (const p of removed) written.delete(p);
      return { path, removed };
    },
  };

  const bridge = createRpcBridge(async (method, payload) => {
    calls.push({ method, payload });
    return dispatchBridgeCall(host, method, structuredClone(payload));
  });
  return Object.assign(Object.create(null) as object, bridge, { written, calls }) as TestingBridge;
}

/** Same rule as the hosts: a backup series is the file name up to its first digit. */
function backupSeriesPrefix(fileName: string): string {
  const digit = fileName.search(/[0-9]/);
  return digit < 0 ? fileName : fileName.slice(0, digit);
}
