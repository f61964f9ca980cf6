/**
 * The browser shell's host: a loopback HTTP server that serves the built renderer and the desktop bridge at
 * same-origin `POST /bridge/<method>`. Every bridge call needs the per-launch token (header X-LinkDesk-Token),
 * and every request must name our own host (against DNS rebinding) and, when it carries an Origin, our origin.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_TOKEN_HEADER,
  type BridgeEnvelope,
  type BridgeErrorCode,
  CONTENT_SECURITY_POLICY,
  type DesktopBridge,
  LAUNCH_TOKEN_PARAM,
  MAX_FILE_BYTES,
  dispatchBridgeCall,
} from '@shared/bridge';
import { readStaticFile } from './static-files';
import { tokensEqual } from './token';

export interface ShellServerOptions {
  rendererDir: string;
  services: DesktopBridge;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** Loopback only; the shell is never reachable from the network. */
  host?: '127.0.0.1';
}

export interface ShellServer {
  port: number;
  /** The page URL without the token. */
  baseUrl: string;
  /** What to open: the page URL with the token fragment. */
  launchUrl: string;
  close(): Promise<void>;
}

/** base64 inflates by 4/3; the JSON envelope around it is small. */
const MAX_BODY_BYTES = Math.ceil((MAX_FILE_BYTES * 4) / 3) + 64 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const STATUS_FOR: Record<BridgeErrorCode, number> = {
  BRIDGE_BAD_PAYLOAD: 400,
  BRIDGE_FORBIDDEN: 403,
  BRIDGE_PATH_REFUSED: 403,
  BRIDGE_UNKNOWN_METHOD: 404,
  BRIDGE_IO_FAILED: 500,
  BRIDGE_UNAVAILABLE: 503,
  BRIDGE_INTERNAL: 500,
};

export async function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const host = options.host ?? '127.0.0.1';
  let allowedHosts: Set<string> = new Set();
  let allowedOrigins: Set<string> = new Set();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[linkdesk] browser shell request failed:', error);
      if (!res.headersSent)
        sendEnvelope(res, { ok: false, error: { code: 'BRIDGE_INTERNAL', message: 'request failed' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) return sendPlain(res, 421, 'unknown host');
    const url = new URL(req.url ?? '/', 'http://shell.invalid');
    if (url.pathname.startsWith(BRIDGE_HTTP_PREFIX))
      return handleBridge(req, res, url.pathname.slice(BRIDGE_HTTP_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendPlain(res, 405, 'method not allowed');
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (file.status !== 200) return sendPlain(res, file.status, file.status === 400 ? 'bad path' : 'not found');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
      'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function handleBridge(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendPlain(res, 405, 'bridge calls are POST');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) return forbid(res, 'cross-origin bridge call');
    if (req.headers['sec-fetch-site'] !== undefined && req.headers['sec-fetch-site'] !== 'same-origin')
      return forbid(res, 'cross-site bridge call');
    const presented = req.headers[BRIDGE_TOKEN_HEADER.toLowerCase()];
    if (!tokensEqual(options.token, typeof presented === 'string' ? presented : undefined))
      return forbid(res, 'missing or wrong launch token');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendEnvelope(res, badPayload('the body must be application/json'));
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return sendEnvelope(res, badPayload(`the body is larger than ${MAX_BODY_BYTES} bytes`));
    let payload: unknown;
    try {
      payload = body.length === 0 ? null : JSON.parse(body.toString('utf8'));
    } catch {
      return sendEnvelope(res, badPayload('the body is not JSON'));
    }
    sendEnvelope(res, await dispatchBridgeCall(options.services, method, payload));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://${host}:${port}`, `http://localhost:${port}`]);
  const baseUrl = `http://${host}:${port}/`;
  return {
    port,
    baseUrl,
    launchUrl: `${baseUrl}#${LAUNCH_TOKEN_PARAM}=${options.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function forbid(res: ServerResponse, message: string): void {
  sendEnvelope(res, { ok: false, error: { code: 'BRIDGE_FORBIDDEN', message } });
}

function badPayload(message: string): BridgeEnvelope {
  return { ok: false, error: { code: 'BRIDGE_BAD_PAYLOAD', message } };
}

function sendEnvelope(res: ServerResponse, envelope: BridgeEnvelope): void {
  const body = JSON.stringify(envelope);
  res.writeHead(envelope.ok ? 200 : STATUS_FOR[envelope.error.code], {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendPlain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(message);
}

/** The whole body, or null when it exceeds `limit` (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
