/** The sync protocol over HTTP (docs/sync-protocol.md) with Node's fetch. */
import type { Signer } from '@shared/crypto/signing';
import { toBase64url } from '@shared/crypto';
import { asSyncError, errorFromHttp, normalizeServerCode, SyncError, type PushResult, type ServerKey, type Transport } from '@shared/sync';

export const PACKAGE_CONTENT_TYPE = 'application/vnd.linkdesk.package';
export const PULL_CONTENT_TYPE = 'application/vnd.linkdesk.pull-request';

export interface HttpTransportOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The device key: needed only for servers that answer pulls at GET /v1/changes with signed headers. */
  deviceSigner?: Signer;
  now?: () => number;
}

export class HttpTransport implements Transport {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  /** 'changes' once the server has shown it has no POST /v1/pull. */
  private pullMode: 'pull' | 'changes' = 'pull';

  constructor(baseUrl: string, options: HttpTransportOptions = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.options = options;
  }

  private readonly options: HttpTransportOptions;

  async push(packageBytes: Uint8Array): Promise<PushResult> {
    const res = await this.send('/v1/packages', { method: 'POST', headers: { 'content-type': PACKAGE_CONTENT_TYPE }, body: packageBytes });
    if (res.status === 200) return { kind: 'receipt', bytes: receiptBytes(new Uint8Array(await res.arrayBuffer())) };
    const body = await errorBody(res);
    if (res.status === 409 && normalizeServerCode(body?.code) === 'SEQ_GAP' && typeof body?.expectedSeq === 'number') return { kind: 'gap', expectedSeq: body.expectedSeq };
    throw errorFromHttp(res.status, body, retryAfterMs(res));
  }

  async pull(requestBytes: Uint8Array): Promise<Uint8Array> {
    if (this.pullMode === 'pull') {
      const res = await this.send('/v1/pull', { method: 'POST', headers: { 'content-type': PULL_CONTENT_TYPE }, body: requestBytes });
      if (res.status === 200) return pageBytes(new Uint8Array(await res.arrayBuffer()));
      if (res.status !== 404 && res.status !== 405) throw errorFromHttp(res.status, await errorBody(res), retryAfterMs(res));
      this.pullMode = 'changes';
    }
    return this.pullChanges(requestBytes);
  }

  /**
   * The provincial server as built (server/src/pull): GET /v1/changes?after&limit with the device signature in
   * x-linkdesk-device / -time / -signature over `GET <path>\n<time>\n<device>`, answered with
   * { package: <return package text>, cursor, hasMore }. Unlike POST /v1/pull it depends on the PC clock.
   */
  private async pullChanges(requestBytes: Uint8Array): Promise<Uint8Array> {
    const signer = this.options.deviceSigner;
    if (!signer) throw new SyncError('SERVER_ERROR', { detail: 'the server has no POST /v1/pull and no device signer was given for GET /v1/changes' });
    const { body } = JSON.parse(new TextDecoder().decode(requestBytes)) as { body: { device: string; after: string | null; limit: number } };
    const path = `/v1/changes?after=${encodeURIComponent(body.after ?? '0')}&limit=${body.limit}`;
    const time = new Date((this.options.now ?? Date.now)()).toISOString();
    const signature = toBase64url(await signer.sign(new TextEncoder().encode(`GET ${path}\n${time}\n${body.device}`)));
    const res = await this.send(path, { method: 'GET', headers: { 'x-linkdesk-device': body.device, 'x-linkdesk-time': time, 'x-linkdesk-signature': signature } });
    if (res.status === 200) return pageBytes(new Uint8Array(await res.arrayBuffer()));
    throw errorFromHttp(res.status, await errorBody(res), retryAfterMs(res));
  }

  /** POST /v1/enrol → { certificate, serverKeys? }. */
  async enrol(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await this.send('/v1/enrol', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.status === 200 || res.status === 201) return body ?? {};
    throw errorFromHttp(res.status, body);
  }

  async serverKeys(): Promise<ServerKey[]> {
    const res = await this.send('/v1/server-keys', { method: 'GET' });
    const body = (await res.json().catch(() => null)) as { keys?: ServerKey[] } | null;
    if (res.status !== 200 || !Array.isArray(body?.keys)) throw errorFromHttp(res.status, body as Record<string, unknown> | null);
    return body.keys;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw asSyncError(e);
    }
  }
}

/** The return package file: the body itself, or the `package` text of a `{package, cursor, hasMore}` answer. */
function pageBytes(body: Uint8Array): Uint8Array {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { package?: unknown };
    if (typeof parsed.package === 'string') return new TextEncoder().encode(parsed.package);
  } catch {
    // not JSON: let the package decoder say what is wrong
  }
  return body;
}

/** The receipt file: the body itself, or the `receipt` text of a `{status, receipt, seq, digest}` answer. */
function receiptBytes(body: Uint8Array): Uint8Array {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { receipt?: unknown };
    if (typeof parsed.receipt === 'string') return new TextEncoder().encode(parsed.receipt);
  } catch {
    // not JSON: let the receipt decoder say what is wrong
  }
  return body;
}

async function errorBody(res: Response): Promise<{ code?: unknown; message?: unknown; expectedSeq?: unknown } | null> {
  try {
    return (await res.json()) as { code?: unknown; message?: unknown; expectedSeq?: unknown };
  } catch {
    return null;
  }
}

function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  return Number.isFinite(s) ? s * 1000 : undefined;
}

export { SyncError };
