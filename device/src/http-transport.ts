/** The sync protocol over HTTP (docs/sync-protocol.md) with Node's fetch. */
import {
  asSyncError,
  errorFromHttp,
  normalizeServerCode,
  type PushResult,
  type ServerKey,
  type Transport,
} from '@shared/sync';

export const PACKAGE_CONTENT_TYPE = 'application/vnd.linkdesk.package';
export const PULL_CONTENT_TYPE = 'application/vnd.linkdesk.pull-request';

export interface HttpTransportOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class HttpTransport implements Transport {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: HttpTransportOptions = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  async push(packageBytes: Uint8Array): Promise<PushResult> {
    const res = await this.send('/v1/packages', {
      method: 'POST',
      headers: { 'content-type': PACKAGE_CONTENT_TYPE },
      body: packageBytes,
    });
    if (res.status === 200) return { kind: 'receipt', bytes: receiptBytes(new Uint8Array(await res.arrayBuffer())) };
    const body = await errorBody(res);
    if (res.status === 409 && normalizeServerCode(body?.code) === 'SEQ_GAP' && typeof body?.expectedSeq === 'number')
      return { kind: 'gap', expectedSeq: body.expectedSeq };
    throw errorFromHttp(res.status, body, retryAfterMs(res));
  }

  /** POST /v1/pull with the signed pull request document → the signed return page bytes. */
  async pull(requestBytes: Uint8Array): Promise<Uint8Array> {
    const res = await this.send('/v1/pull', {
      method: 'POST',
      headers: { 'content-type': PULL_CONTENT_TYPE },
      body: requestBytes,
    });
    if (res.status === 200) return new Uint8Array(await res.arrayBuffer());
    throw errorFromHttp(res.status, await errorBody(res), retryAfterMs(res));
  }

  /** POST /v1/enrol → { certificate, serverKeys? }. */
  async enrol(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await this.send('/v1/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.status === 200 || res.status === 201) return body ?? {};
    throw errorFromHttp(res.status, body);
  }

  async serverKeys(): Promise<ServerKey[]> {
    const res = await this.send('/v1/server-keys', { method: 'GET' });
    const body = (await res.json().catch(() => null)) as { keys?: ServerKey[] } | null;
    if (res.status !== 200 || !Array.isArray(body?.keys))
      throw errorFromHttp(res.status, body as Record<string, unknown> | null);
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
