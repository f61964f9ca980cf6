/**
 * The desktop bridge: the one typed contract between the renderer (a sandboxed page) and its host
 * (Electron main through the preload, or the browser-shell Node host over same-origin HTTP).
 *
 * Each method has an argument validator and a result validator; the TypeScript types are derived from them,
 * so the types and the runtime checks cannot drift apart. Channel names (IPC) and paths (HTTP) derive from
 * the method names.
 *
 * Adding a method (e.g. `keystoreStatus`, `keystoreGenerate`, `keystoreSign` — the private key is
 * generated and kept in the host, only public keys and signatures cross; `transportRequest` — host-side HTTP
 * to the provincial server; `updateCheck`): add one entry to BRIDGE_METHODS with its validators, then
 * implement it in electron/src/host/services.ts and in renderer/src/platform/testing.ts. Preload, IPC
 * registration, the browser-shell route and the clients pick it up from this table.
 */
import {
  type Validator,
  absolutePath,
  acceptEntry,
  arrayOf,
  base64,
  fileName,
  int,
  mimeType,
  none,
  nullable,
  obj,
  oneOf,
  str,
} from './validators';

/** Largest file that may cross the bridge in one call (decoded bytes). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export const SHELL_KINDS = ['electron', 'browser'] as const;
export const KEYSTORE_KINDS = ['safeStorage', 'file-dev-only', 'none'] as const;

const appInfoResult = obj({
  version: str({ min: 1, max: 64 }),
  shell: oneOf(SHELL_KINDS),
  platform: str({ min: 1, max: 64 }),
  dataDir: absolutePath,
  serverUrl: nullable(str({ min: 1, max: 2048, pattern: /^https?:\/\//, patternName: 'an http(s) URL' })),
  keystore: oneOf(KEYSTORE_KINDS),
});

const saveFileArgs = obj({ suggestedName: fileName, mime: mimeType, dataBase64: base64(MAX_FILE_BYTES) });
const saveFileResult = nullable(obj({ path: absolutePath }));

const openFileArgs = obj({ accept: arrayOf(acceptEntry, 32) });
const openFileResult = nullable(obj({ name: fileName, dataBase64: base64(MAX_FILE_BYTES) }));

const writeBackupArgs = obj({ folder: absolutePath, fileName, dataBase64: base64(MAX_FILE_BYTES), keep: int(1, 100) });
const writeBackupResult = obj({ path: absolutePath, removed: arrayOf(absolutePath, 10_000) });

const chooseFolderResult = nullable(absolutePath);

// ---- the device key (kept in the host) and host-side HTTP to the provincial server ----

export const KEY_ALGS = ['Ed25519', 'SM2-SM3'] as const;
/** Largest sync request or answer body that crosses the bridge (a package is at most a few MB). */
export const MAX_SYNC_BODY_BYTES = 32 * 1024 * 1024;
/** Largest message the device key signs in one call (a package's signing input). */
export const MAX_SIGN_BYTES = 16 * 1024 * 1024;
/** Largest certificate file (canonical JSON text). */
export const MAX_CERTIFICATE_CHARS = 64 * 1024;
/** Only the sync protocol's own endpoints: `/v1/...`, no `..`, no fragments. */
export const SYNC_PATH_PATTERN = /^\/v1\/(?!.*\.\.)[A-Za-z0-9._~/-]*(\?[A-Za-z0-9._~=&%-]*)?$/;

const httpUrl = str({
  min: 1,
  max: 2048,
  pattern: /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
  patternName: 'an http(s) URL',
});
const publicKeyInfo = obj({
  alg: oneOf(KEY_ALGS),
  publicKey: str({ min: 1, max: 256 }),
  keyId: str({ min: 1, max: 128 }),
});
const keystoreStatusResult = obj({
  kind: oneOf(KEYSTORE_KINDS),
  /** The public half of the device key, null before keystoreGenerate. */
  key: nullable(publicKeyInfo),
  /** The device certificate file text issued for that key, null before enrolment. */
  certificate: nullable(str({ min: 1, max: MAX_CERTIFICATE_CHARS })),
});
const keystoreGenerateArgs = obj({ alg: oneOf(KEY_ALGS) });
const keystoreSignArgs = obj({ messageBase64: base64(MAX_SIGN_BYTES) });
const keystoreSignResult = obj({ signatureBase64: base64(1024) });
const keystoreImportCertificateArgs = obj({ certificate: str({ min: 1, max: MAX_CERTIFICATE_CHARS }) });

const syncConfigureArgs = obj({ serverUrl: httpUrl });
const syncHttpArgs = obj({
  method: oneOf(['GET', 'POST'] as const),
  path: str({ min: 4, max: 2048, pattern: SYNC_PATH_PATTERN, patternName: 'a /v1/ path of the sync protocol' }),
  bodyBase64: nullable(base64(MAX_SYNC_BODY_BYTES)),
  contentType: nullable(mimeType),
});
const syncHttpResult = obj({
  status: int(100, 599),
  contentType: nullable(str({ max: 256 })),
  bodyBase64: base64(MAX_SYNC_BODY_BYTES),
  /** Retry-After in milliseconds when the server sent one. */
  retryAfterMs: nullable(int(0, 86_400_000)),
});

// ---- app updates from the provincial server's electron-updater feed (`<server>/updates/`) ----

/**
 * unsupported: this host cannot update itself (browser shell, unpackaged dev build); no-server: no provincial
 * server configured; failed: the last step failed (reason says why); the rest follow check → download → install.
 */
export const UPDATE_STATES = [
  'unsupported',
  'no-server',
  'idle',
  'up-to-date',
  'available',
  'downloading',
  'downloaded',
  'failed',
] as const;
const updateStatusResult = obj({
  state: oneOf(UPDATE_STATES),
  /** The running version. */
  current: str({ min: 1, max: 64 }),
  /** The version the feed offers, once a check found one. */
  available: nullable(str({ min: 1, max: 64 })),
  /** Download progress 0–100 while downloading. */
  percent: nullable(int(0, 100)),
  /** Why the state is unsupported or failed, in plain words (shown under the localised message). */
  reason: nullable(str({ max: 1000 })),
});

export interface MethodSpec<A, R> {
  readonly args: Validator<A>;
  readonly result: Validator<R>;
}
const method = <A, R>(args: Validator<A>, result: Validator<R>): MethodSpec<A, R> => ({ args, result });

export const BRIDGE_METHODS = {
  /** Version, which shell runs, where data lives, which provincial server is configured, how keys are kept. */
  appInfo: method(none, appInfoResult),
  /** Asks where to save (Electron: dialog; browser shell: the data dir's exports folder). null = cancelled. */
  saveFile: method(saveFileArgs, saveFileResult),
  /** Asks for one file to read. `accept` holds extensions (.xlsx) or MIME types. null = cancelled. */
  openFile: method(openFileArgs, openFileResult),
  /** Writes a backup into an allowed folder and keeps only the newest `keep` files of the same series. */
  writeBackup: method(writeBackupArgs, writeBackupResult),
  /** Asks for a folder (e.g. a USB stick for backups); the host remembers it as allowed. null = cancelled. */
  chooseFolder: method(none, chooseFolderResult),
  /** Which keystore the host uses, the device's public key and certificate (never the private key). */
  keystoreStatus: method(none, keystoreStatusResult),
  /** Generates the device key pair in the host (refused when one exists); returns the public half only. */
  keystoreGenerate: method(keystoreGenerateArgs, publicKeyInfo),
  /** Signs the bytes with the device key (the raw signature of the key's algorithm). */
  keystoreSign: method(keystoreSignArgs, keystoreSignResult),
  /** Keeps the device certificate after checking it names the device key. */
  keystoreImportCertificate: method(keystoreImportCertificateArgs, keystoreStatusResult),
  /** Sets the provincial server the host talks to (remembered in the data dir). */
  syncConfigure: method(syncConfigureArgs, none),
  /** One HTTP exchange with the provincial server, performed by the host (the page may only reach 'self'). */
  syncHttp: method(syncHttpArgs, syncHttpResult),
  /** Where the app's own update stands, without touching the network. */
  updateStatus: method(none, updateStatusResult),
  /** Asks the provincial server's update feed for a newer version. */
  updateCheck: method(none, updateStatusResult),
  /** Downloads the version a check found (verified against the feed's sha512 by electron-updater). */
  updateDownload: method(none, updateStatusResult),
  /** Quits and installs the downloaded version (refused unless one is downloaded). */
  updateInstall: method(none, none),
} as const;

export type BridgeMethod = keyof typeof BRIDGE_METHODS;
export const BRIDGE_METHOD_NAMES = Object.keys(BRIDGE_METHODS) as BridgeMethod[];

export type ArgsOf<M extends BridgeMethod> =
  (typeof BRIDGE_METHODS)[M] extends MethodSpec<infer A, unknown> ? A : never;
export type ResultOf<M extends BridgeMethod> =
  (typeof BRIDGE_METHODS)[M] extends MethodSpec<unknown, infer R> ? R : never;

/** What the renderer calls; what every host implements. */
export type DesktopBridge = { readonly [M in BridgeMethod]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

export type AppInfo = ResultOf<'appInfo'>;
export type SaveFileArgs = ArgsOf<'saveFile'>;
export type OpenFileArgs = ArgsOf<'openFile'>;
export type OpenedFile = NonNullable<ResultOf<'openFile'>>;
export type WriteBackupArgs = ArgsOf<'writeBackup'>;
export type WriteBackupResult = ResultOf<'writeBackup'>;
export type KeystoreStatus = ResultOf<'keystoreStatus'>;
export type PublicKeyInfo = ResultOf<'keystoreGenerate'>;
export type SyncHttpArgs = ArgsOf<'syncHttp'>;
export type SyncHttpResult = ResultOf<'syncHttp'>;
export type UpdateStatus = ResultOf<'updateStatus'>;
export type UpdateState = UpdateStatus['state'];

export function isBridgeMethod(name: unknown): name is BridgeMethod {
  return typeof name === 'string' && Object.hasOwn(BRIDGE_METHODS, name);
}

// ---- transport names, derived from the method names ----

const CHANNEL_PREFIX = 'linkdesk:bridge:';
/** Electron IPC channel of a method, e.g. `linkdesk:bridge:saveFile`. */
export const channelFor = (m: BridgeMethod): string => `${CHANNEL_PREFIX}${m}`;
/** The method behind an IPC channel, or null for any channel that is not ours. */
export function methodForChannel(channel: string): BridgeMethod | null {
  if (!channel.startsWith(CHANNEL_PREFIX)) return null;
  const name = channel.slice(CHANNEL_PREFIX.length);
  return isBridgeMethod(name) ? name : null;
}

/** Browser shell: same-origin `POST /bridge/<method>` with the JSON argument as body. */
export const BRIDGE_HTTP_PREFIX = '/bridge/';
export const bridgePathFor = (m: BridgeMethod): string => `${BRIDGE_HTTP_PREFIX}${m}`;
/** The per-launch token header of the browser shell. */
export const BRIDGE_TOKEN_HEADER = 'X-LinkDesk-Token';
/** The launch URL carries the token in this fragment parameter: `#token=<hex>`. */
export const LAUNCH_TOKEN_PARAM = 'token';

/** The renderer's Content-Security-Policy: a meta tag in index.html and a response header from both hosts. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'";
