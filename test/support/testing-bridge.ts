/**
 * An in-memory desktop bridge for renderer unit tests: it keeps "files" in maps, applies the same contract
 * validation as the real hosts (through createRpcBridge + dispatchBridgeCall) and the same backup rotation rule.
 */
import {
  type AppInfo,
  BridgeError,
  type DesktopBridge,
  type KeystoreStatus,
  type SyncHttpArgs,
  type SyncHttpResult,
  type UpdateStatus,
  createRpcBridge,
  dispatchBridgeCall,
} from '@shared/bridge';
import { createSigner, generateKeyPair, keyIdFor, type Signer } from '@shared/crypto';

export interface TestingBridgeOptions {
  appInfo?: Partial<AppInfo>;
  /** Files `openFile` will "pick", in order; when empty, openFile resolves null (cancelled). */
  filesToOpen?: { name: string; dataBase64: string }[];
  /** What chooseFolder answers (null = cancelled). */
  folderToChoose?: string | null;
  /** Answers syncHttp (e.g. an in-memory provincial server); without it syncHttp fails as if offline. */
  syncHttp?: (args: SyncHttpArgs) => Promise<SyncHttpResult>;
  /** The version the update feed offers (null: up to date); without it the host cannot update itself. */
  updateAvailable?: string | null;
}

export interface TestingBridge extends DesktopBridge {
  /** Everything written so far, by absolute path. */
  readonly written: Map<string, string>;
  /** Every call made, in order. */
  readonly calls: { method: string; payload: unknown }[];
}

export function createTestingBridge(options: TestingBridgeOptions = {}): TestingBridge {
  const info: AppInfo = {
    version: '0.0.0-test',
    shell: 'browser',
    platform: 'test',
    dataDir: '/test-data',
    serverUrl: null,
    keystore: 'none',
    ...options.appInfo,
  };
  const written = new Map<string, string>();
  const calls: { method: string; payload: unknown }[] = [];
  const toOpen = [...(options.filesToOpen ?? [])];
  const allowed = new Set<string>([info.dataDir]);
  // The device key, held "in the host" (this closure); only its public half and signatures leave.
  let key: { signer: Signer; certificate: string | null } | null = null;
  const keyStatus = (): KeystoreStatus => ({
    kind: 'file-dev-only',
    key: key ? { alg: key.signer.alg, publicKey: key.signer.publicKey, keyId: key.signer.keyId } : null,
    certificate: key?.certificate ?? null,
  });

  let update: UpdateStatus =
    options.updateAvailable === undefined
      ? {
          state: 'unsupported',
          current: info.version,
          available: null,
          percent: null,
          reason: 'the testing host does not update itself',
        }
      : { state: 'idle', current: info.version, available: null, percent: null, reason: null };

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
      const series = [...written.keys()]
        .filter((p) => p.startsWith(`${folder}/${prefix}`) && !p.slice(folder.length + 1).includes('/'))
        .sort()
        .reverse();
      const removed = series.slice(keep);
      for (const p of removed) written.delete(p);
      return { path, removed };
    },
    keystoreStatus: async () => keyStatus(),
    keystoreGenerate: async ({ alg }) => {
      if (key) throw new BridgeError('BRIDGE_FORBIDDEN', 'this device already has a key');
      const signer = await createSigner(await generateKeyPair(alg));
      key = { signer, certificate: null };
      return { alg, publicKey: signer.publicKey, keyId: keyIdFor(alg, signer.publicKey) };
    },
    keystoreSign: async ({ messageBase64 }) => {
      if (!key) throw new BridgeError('BRIDGE_UNAVAILABLE', 'no device key yet');
      const signature = await key.signer.sign(Uint8Array.from(atob(messageBase64), (c) => c.charCodeAt(0)));
      return { signatureBase64: btoa(String.fromCharCode(...signature)) };
    },
    keystoreImportCertificate: async ({ certificate }) => {
      if (!key) throw new BridgeError('BRIDGE_UNAVAILABLE', 'no device key yet');
      const body = (JSON.parse(certificate) as { body?: { publicKey?: unknown } }).body;
      if (body?.publicKey !== key.signer.publicKey)
        throw new BridgeError('BRIDGE_FORBIDDEN', 'the certificate was not issued for this device key');
      key.certificate = certificate;
      return keyStatus();
    },
    syncConfigure: async ({ serverUrl }) => {
      info.serverUrl = serverUrl;
    },
    syncHttp: async (args) => {
      if (!options.syncHttp) throw new BridgeError('BRIDGE_UNAVAILABLE', 'network: offline');
      return options.syncHttp(args);
    },
    updateStatus: async () => update,
    updateCheck: async () => {
      if (update.state === 'unsupported') return update;
      const available = options.updateAvailable ?? null;
      return (update = { ...update, state: available ? 'available' : 'up-to-date', available });
    },
    updateDownload: async () => {
      if (update.state !== 'available')
        throw new BridgeError(
          'BRIDGE_UNAVAILABLE',
          `nothing to download (the update state is ${update.state}; check first)`,
        );
      return (update = { ...update, state: 'downloaded', percent: 100 });
    },
    updateInstall: async () => {
      if (update.state !== 'downloaded')
        throw new BridgeError(
          'BRIDGE_UNAVAILABLE',
          `no downloaded update to install (the update state is ${update.state})`,
        );
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
