/**
 * An in-memory provincial server that follows docs/sync-protocol.md: verifies packages against the enrolled
 * device key, enforces the per-device seq/hash chain (same receipt on a resend, 409 SEQ_GAP / SEQ_FORK), checks
 * the county scope, appends ops to an op log WITHOUT de-duplicating (so a double application would show), merges
 * with applyOps, and answers signed pull requests with signed return pages by server cursor.
 */
import { applyOps, emptyState, parseHlc, type MergeState, type Op } from '@shared/change';
import { isKnownField } from '@shared/domain';
import type { Signer } from '@shared/crypto/signing';
import { checkChainLink, decodePackage, encodeReceipt, PACKAGE_LIMITS, type ChainTip } from '@shared/package';
import {
  decodePullRequest,
  errorFromHttp,
  sealReturnPage,
  type PushResult,
  type ServerKey,
  type Transport,
} from '@shared/sync';

interface DeviceEntry {
  county: string;
  alg: Signer['alg'];
  publicKey: string;
  keyId: string;
  revoked: boolean;
  tip: ChainTip | null;
  receipts: Map<number, { digest: string; cursor: number; bytes: Uint8Array }>;
  requestIds: Set<string>;
}

export type HttpAnswer =
  | { status: 200; bytes: Uint8Array }
  | { status: number; body: { code: string; message: { zh: string; en: string }; [k: string]: unknown } };

const msg = (code: string): { zh: string; en: string } => ({ zh: `服务器拒绝：${code}`, en: `refused: ${code}` });

export class ReferenceServer {
  readonly devices = new Map<string, DeviceEntry>();
  /** The op log: position i + 1 is the cursor after op i. */
  readonly log: Op[] = [];
  readonly state: MergeState = emptyState();
  /** Packages refused, with their reason (the quarantine). */
  readonly quarantine: { code: string; detail?: unknown }[] = [];
  pageLimit = Number.MAX_SAFE_INTEGER;
  /** When set, a package with an op stamped more than this far in the server's future is refused `clock-ahead` (seq not consumed), as the provincial server does. */
  clockAheadLimitMs: number | null = null;
  /** A rule the server checks each op against (poison text, an illegal status move …): a refusal code or null. */
  opRule: ((op: Op) => string | null) | null = null;
  /** When set, every package is refused with this code and no detail naming ops (an unforeseen refusal). */
  refuseAllWith: string | null = null;

  constructor(
    readonly signer: Signer,
    private readonly now: () => number = Date.now,
  ) {}

  get keys(): ServerKey[] {
    return [{ keyId: this.signer.keyId, alg: this.signer.alg, publicKey: this.signer.publicKey }];
  }

  enrol(deviceId: string, county: string, device: Pick<Signer, 'alg' | 'publicKey' | 'keyId'>): void {
    this.devices.set(deviceId, {
      county,
      alg: device.alg,
      publicKey: device.publicKey,
      keyId: device.keyId,
      revoked: false,
      tip: null,
      receipts: new Map(),
      requestIds: new Set(),
    });
  }

  revoke(deviceId: string): void {
    this.devices.get(deviceId)!.revoked = true;
  }

  /** POST /v1/packages */
  async push(bytes: Uint8Array): Promise<HttpAnswer> {
    let claimed: string | undefined;
    try {
      claimed = (JSON.parse(new TextDecoder().decode(bytes)) as { header?: { device?: string } }).header?.device;
    } catch {
      claimed = undefined;
    }
    const device = claimed === undefined ? undefined : this.devices.get(claimed);
    if (claimed !== undefined && !device) return this.refuse(403, 'DEVICE_UNKNOWN');
    if (device?.revoked) return this.refuse(403, 'DEVICE_REVOKED');
    const decoded = await decodePackage(bytes, {
      maxBytes: PACKAGE_LIMITS.maxBytes,
      resolvePublicKey: ({ keyId, alg }) =>
        device && device.keyId === keyId && device.alg === alg ? device.publicKey : null,
    });
    if (!decoded.ok) return this.refuse(decoded.reason === 'TOO_LARGE' ? 413 : 400, decoded.reason);
    const { header, body } = decoded.pkg;
    if (header.kind !== 'changes' || !device) return this.refuse(400, 'MALFORMED');
    if (header.county !== device.county || body.ops.some((op) => op.county !== device.county))
      return this.refuse(403, 'OUT_OF_SCOPE', { deviceCounty: device.county });
    const check = checkChainLink(device.tip, { seq: header.seq!, prevDigest: header.prevDigest }, decoded.digest);
    if (check.status === 'duplicate' || check.status === 'older') {
      const stored = device.receipts.get(header.seq!);
      if (stored && stored.digest === decoded.digest) return { status: 200, bytes: stored.bytes };
      return this.refuse(409, 'SEQ_FORK', { seq: header.seq });
    }
    if (check.status === 'fork') return this.refuse(409, 'SEQ_FORK', { seq: header.seq });
    if (check.status === 'gap') return this.refuse(409, 'SEQ_GAP', { expectedSeq: check.missingFrom });
    if (this.clockAheadLimitMs !== null) {
      const nowMs = this.now();
      const opIndex = body.ops.findIndex((op) => parseHlc(op.hlc).ms - nowMs > this.clockAheadLimitMs!);
      if (opIndex >= 0) {
        const op = body.ops[opIndex]!;
        return this.refuse(422, 'clock-ahead', {
          aheadMs: parseHlc(op.hlc).ms - nowMs,
          serverTime: new Date(nowMs).toISOString(),
          opIndex,
          opId: op.opId,
          hlc: op.hlc,
        });
      }
    }
    if (this.refuseAllWith) return this.refuse(422, this.refuseAllWith);
    if (this.opRule) {
      const problems = body.ops.flatMap((op, index) => {
        const code = this.opRule!(op);
        return code ? [{ index, opId: op.opId, field: op.field, code }] : [];
      });
      if (problems.length > 0) return this.refuse(422, 'op-invalid', { problems });
    }

    applyOps(this.state, body.ops, { isKnownField });
    this.log.push(...body.ops);
    const cursor = this.log.length;
    const receipt = await encodeReceipt(
      {
        packageId: header.packageId,
        device: header.device,
        county: header.county,
        seq: header.seq!,
        digest: decoded.digest,
        status: 'accepted',
        cursor: String(cursor),
        serverTime: new Date(this.now()).toISOString(),
        counts: header.counts,
      },
      this.signer,
    );
    device.receipts.set(header.seq!, { digest: decoded.digest, cursor, bytes: receipt });
    device.tip = { seq: header.seq!, digest: decoded.digest };
    return { status: 200, bytes: receipt };
  }

  /** POST /v1/pull */
  async pull(bytes: Uint8Array): Promise<HttpAnswer> {
    let claimed: string | undefined;
    try {
      claimed = (JSON.parse(new TextDecoder().decode(bytes)) as { body?: { device?: string } }).body?.device;
    } catch {
      claimed = undefined;
    }
    const device = claimed === undefined ? undefined : this.devices.get(claimed);
    if (!device) return this.refuse(403, 'DEVICE_UNKNOWN');
    if (device.revoked) return this.refuse(403, 'DEVICE_REVOKED');
    const decoded = await decodePullRequest(bytes, {
      resolvePublicKey: ({ keyId }) => (keyId === device.keyId ? device.publicKey : null),
    });
    if (!decoded.ok) return this.refuse(400, decoded.reason);
    if (device.requestIds.has(decoded.body.requestId)) return this.refuse(409, 'pull-replay');
    device.requestIds.add(decoded.body.requestId);
    return {
      status: 200,
      bytes: await this.returnPage(claimed!, decoded.body.after, Math.min(decoded.body.limit, this.pageLimit)),
    };
  }

  /** The bytes POST /v1/pull would answer; also what `admin export-return` writes to USB. */
  async returnPage(deviceId: string, after: string | null, limit: number): Promise<Uint8Array> {
    const device = this.devices.get(deviceId)!;
    const from = after ?? '0';
    const start = Number(from);
    const ops: Op[] = [];
    let to = start;
    let hasMore = false;
    for (let i = start; i < this.log.length; i++) {
      const op = this.log[i]!;
      if (op.county !== device.county && op.county !== '13') continue;
      if (ops.length === limit) {
        hasMore = true;
        break;
      }
      ops.push(op);
      to = i + 1;
    }
    if (!hasMore) to = Math.max(start, this.log.length);
    const receipts: Uint8Array[] = [];
    let latest: { seq: number; bytes: Uint8Array } | null = null;
    for (const [seq, r] of device.receipts) {
      if (r.cursor > start && r.cursor <= to) receipts.push(r.bytes);
      if (!latest || seq > latest.seq) latest = { seq, bytes: r.bytes };
    }
    if (latest && !receipts.includes(latest.bytes)) receipts.push(latest.bytes);
    const page = await sealReturnPage(
      {
        device: deviceId,
        county: device.county,
        from,
        to: String(to),
        hasMore,
        serverTime: new Date(this.now()).toISOString(),
        ops,
        receipts,
        schemaVersion: 1,
        appVersion: 'reference-server',
      },
      this.signer,
    );
    return page.bytes;
  }

  /** What a device of `county` should hold: the log ops in its scope, merged. */
  scopedState(county: string): MergeState {
    const state = emptyState();
    applyOps(
      state,
      this.log.filter((op) => op.county === county || op.county === '13'),
      { isKnownField },
    );
    return state;
  }

  /** A Transport talking straight to this server (errors classified as the HTTP transport does). */
  transport(): Transport {
    return {
      push: async (bytes): Promise<PushResult> => {
        const answer = await this.push(bytes);
        if (answer.status === 200 && 'bytes' in answer) return { kind: 'receipt', bytes: answer.bytes };
        const body = (answer as { body: { code: string; expectedSeq?: number } }).body;
        if (answer.status === 409 && body.code === 'SEQ_GAP') return { kind: 'gap', expectedSeq: body.expectedSeq! };
        throw errorFromHttp(answer.status, body);
      },
      pull: async (bytes) => {
        const answer = await this.pull(bytes);
        if (answer.status === 200 && 'bytes' in answer) return answer.bytes;
        throw errorFromHttp(answer.status, (answer as { body: { code: string } }).body);
      },
    };
  }

  private refuse(status: number, code: string, extra: Record<string, unknown> = {}): HttpAnswer {
    this.quarantine.push({ code, detail: extra });
    return { status, body: { code, message: msg(code), ...extra } };
  }
}
