/**
 * Host-side HTTP to the provincial server for the renderer's sync transport (the page's CSP allows only 'self').
 * The renderer names a `/v1/...` path of the sync protocol; the host adds the configured server, bounds the body
 * both ways and the time, and hands back status + bytes. Network failures become BRIDGE_UNAVAILABLE.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  BridgeError,
  MAX_SYNC_BODY_BYTES,
  SYNC_PATH_PATTERN,
  type SyncHttpArgs,
  type SyncHttpResult,
} from '@shared/bridge';

export interface SyncHttpOptions {
  dataDir: string;
  /** The server from the environment (LINKDESK_SERVER_URL); a server set with syncConfigure wins. */
  defaultServerUrl: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
}

export interface SyncHttp {
  serverUrl(): Promise<string | null>;
  configure(serverUrl: string): Promise<void>;
  request(args: SyncHttpArgs): Promise<SyncHttpResult>;
}

const CONFIG_FILE = 'sync-server.json';

export function createSyncHttp(options: SyncHttpOptions): SyncHttp {
  const configPath = path.join(options.dataDir, CONFIG_FILE);
  const fetchImpl = options.fetch ?? fetch;
  const maxBytes = options.maxBodyBytes ?? MAX_SYNC_BODY_BYTES;

  const serverUrl = async (): Promise<string | null> => {
    try {
      const stored = (JSON.parse(await readFile(configPath, 'utf8')) as { serverUrl?: unknown }).serverUrl;
      if (typeof stored === 'string' && /^https?:\/\//.test(stored)) return stored;
    } catch {
      // no stored choice: the environment's server
    }
    return options.defaultServerUrl;
  };

  return {
    serverUrl,
    async configure(url) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new BridgeError('BRIDGE_BAD_PAYLOAD', 'the server must be an http(s) URL');
      await mkdir(options.dataDir, { recursive: true });
      await writeFile(configPath, `${JSON.stringify({ serverUrl: url.replace(/\/+$/, '') })}\n`);
    },
    async request({ method, path: requestPath, bodyBase64, contentType }) {
      if (!SYNC_PATH_PATTERN.test(requestPath) || requestPath.includes('//'))
        throw new BridgeError('BRIDGE_FORBIDDEN', `${requestPath} is not a sync protocol path`);
      const base = await serverUrl();
      if (!base) throw new BridgeError('BRIDGE_FORBIDDEN', 'no provincial server is configured');
      const body = bodyBase64 === null ? undefined : Buffer.from(bodyBase64, 'base64');
      if (body && body.length > maxBytes)
        throw new BridgeError('BRIDGE_BAD_PAYLOAD', `the request body is larger than ${maxBytes} bytes`);
      if (method === 'GET' && body) throw new BridgeError('BRIDGE_BAD_PAYLOAD', 'a GET request has no body');
      let res: Response;
      try {
        res = await fetchImpl(`${base.replace(/\/+$/, '')}${requestPath}`, {
          method,
          headers: contentType ? { 'content-type': contentType } : {},
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
      } catch (error) {
        throw new BridgeError('BRIDGE_UNAVAILABLE', `network: ${(error as Error).message}`);
      }
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > maxBytes)
        throw new BridgeError('BRIDGE_IO_FAILED', `the server's answer is larger than ${maxBytes} bytes`);
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await res.arrayBuffer());
      } catch (error) {
        throw new BridgeError('BRIDGE_UNAVAILABLE', `network: ${(error as Error).message}`);
      }
      if (bytes.length > maxBytes)
        throw new BridgeError('BRIDGE_IO_FAILED', `the server's answer is larger than ${maxBytes} bytes`);
      return {
        status: res.status,
        contentType: res.headers.get('content-type')?.slice(0, 256) ?? null,
        bodyBase64: bytes.toString('base64'),
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      };
    },
  };
}

function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(Math.round(seconds * 1000), 86_400_000) : null;
}
