/**
 * The desktop bridge: the one typed contract between the renderer (a sandboxed page) and its host
 * (Electron main through the preload, or the browser-shell Node host over same-origin HTTP).
 *
 * Each method has an argument validator and a result validator; the TypeScript types are derived from them,
 * so the types and the runtime checks cannot drift apart. Channel names (IPC) and paths (HTTP) derive from
 * the method names.
 *
 * Adding a method (e.g. issue 6: `keystoreStatus`, `keystoreGenerate`, `keystoreSign` — the private key is
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
} as const;

export type BridgeMethod = keyof typeof BRIDGE_METHODS;
export const BRIDGE_METHOD_NAMES = Object.keys(BRIDGE_METHODS) as BridgeMethod[];

export type ArgsOf<M extends BridgeMethod> = (typeof BRIDGE_METHODS)[M] extends MethodSpec<infer A, unknown> ? A : never;
export type ResultOf<M extends BridgeMethod> = (typeof BRIDGE_METHODS)[M] extends MethodSpec<unknown, infer R> ? R : never;

/** What the renderer calls; what every host implements. */
export type DesktopBridge = { readonly [M in BridgeMethod]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

export type AppInfo = ResultOf<'appInfo'>;
export type SaveFileArgs = ArgsOf<'saveFile'>;
export type OpenFileArgs = ArgsOf<'openFile'>;
export type OpenedFile = NonNullable<ResultOf<'openFile'>>;
export type WriteBackupArgs = ArgsOf<'writeBackup'>;
export type WriteBackupResult = ResultOf<'writeBackup'>;

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
