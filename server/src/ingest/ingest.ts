// Ingest of one `changes` package, online or from a file. Everything happens in ONE transaction: verify signature,
// device and certificate state, county scope, hash chain, every op against the schemas, merge into current state,
// conflicts, archive, receipt. A refused package is quarantined with its reason code and nothing of it is applied.
import { applyOps, parseHlc, recordKey, type IsKnownField, type MergeState, type Op } from '@shared/change';
import { createHash } from 'node:crypto';
import { canonicalize, keyIdFor, softwareVerifier, utf8DecodeStrict } from '@shared/crypto';
import { isKnownField as schemaKnowsField, knownFields, validateField } from '@shared/domain';
import { checkOpScope, countyInScope, type OfficeLevel, type OfficeScope } from '@shared/domain/scope';
import { checkChainLink, decodePackage, sealReceipt, type Package } from '@shared/package';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { ServerKeyring } from '../keys/server-key.js';
import { authorityRefusal, checkOpText, checkStatusOps, checkTouchedRecords } from './authority.js';
import { appendOps, loadState, saveRecords } from './state-store.js';
import { errors } from '../http/errors.js';
import { fromFormat, IngestRejection, ingestErrors, MAX_HLC_AHEAD_MS } from './errors.js';

export type Via = 'http' | 'file';

export interface IngestResult {
  status: 'accepted' | 'duplicate';
  /** The receipt file's exact text (`linkdesk.receipt` v1), the same for a duplicate as for the first acceptance. */
  receipt: string;
  seq: number;
  digest: string;
}

interface DeviceRow {
  id: string;
  county: string;
  /** The office level and scope of the device's certificate: its authority. */
  level: OfficeLevel;
  scope: string;
  alg: string;
  public_key: string;
  status: 'active' | 'revoked';
  last_seq: number;
  last_digest: string | null;
}

export const INGEST_MERGE_LOCK = 0x4c444f50; // "LDOP": serialises merges and op-log appends (gap-free pull cursors).

export interface IngestOptions {
  /** Which fields this server applies; others are parked (kept, not dropped). Default: the schemas it was built with. */
  isKnownField?: IsKnownField;
  /** The peer's address, kept on the quarantine record of a refused request. */
  sourceAddress?: string;
  /**
   * Counts one package for a device whose signature verified; false when the device is over its rate limit. The
   * package is then answered 429 (retryable) with nothing applied and nothing quarantined.
   */
  deviceAllowance?: (deviceId: string) => boolean;
  /** How many unauthenticated refusals per minute leave a record at all (default QUARANTINE_LIMITS.unauthenticatedPerMinute). */
  unauthenticatedPerMinute?: number;
}

/**
 * What a refusal may cost the server's disk. Raw bytes are kept only for a package that verifies with the key of an
 * enrolled device (someone we can call); anything else leaves a bounded record, and at most so many per minute.
 */
export const QUARANTINE_LIMITS = {
  /** The first bytes of an unauthenticated body kept for review. */
  headBytes: 1024,
  /** The refusal's detail text kept (it may quote the input). */
  detailChars: 2048,
  /** Unauthenticated refusals recorded per minute, server-wide; beyond it they are only logged by the HTTP layer. */
  unauthenticatedPerMinute: 600,
} as const;

/** Set while decoding: true once the signature verified with an enrolled device's key. */
interface Provenance {
  authenticated: boolean;
}

export async function ingestPackage(
  pool: Pool,
  keyring: ServerKeyring,
  bytes: Uint8Array,
  via: Via,
  maxBytes: number,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const provenance: Provenance = { authenticated: false };
  try {
    return await withTransaction(pool, (client) =>
      ingestIn(
        client,
        keyring,
        bytes,
        via,
        maxBytes,
        options.isKnownField ?? schemaKnowsField,
        provenance,
        options.deviceAllowance,
      ),
    );
  } catch (error) {
    if (error instanceof IngestRejection) {
      await quarantine(pool, bytes, error, via, provenance.authenticated, options);
      if (error.alert) {
        await pool.query('INSERT INTO alerts (kind, device, seq, detail) VALUES ($1, $2, $3, $4)', [
          error.alert,
          error.facts.device ?? null,
          error.facts.seq ?? null,
          JSON.stringify({ digest: error.facts.digest, ...error.detail }),
        ]);
      }
    }
    throw error;
  }
}

/**
 * A value PostgreSQL cannot store that got past the checks is still the package's fault, not the server's: it is
 * refused as BAD_TEXT and quarantined, never answered with a 500 (22P05 untranslatable character, 22021 bad
 * encoding, 22P02 bad jsonb text).
 */
async function storing<T>(facts: IngestRejection['facts'], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === '22P05' || code === '22021' || code === '22P02') throw authorityRefusal('BAD_TEXT', [], facts);
    throw error;
  }
}

/**
 * One row per refusal (shape in migration 0010): sha256, size, head and the reason always; `raw` only when
 * authenticated. Unauthenticated rows are capped per minute so that no client can grow the table without bound.
 */
async function quarantine(
  pool: Pool,
  bytes: Uint8Array,
  rejection: IngestRejection,
  via: Via,
  authenticated: boolean,
  options: IngestOptions,
): Promise<void> {
  if (!authenticated) {
    const cap = options.unauthenticatedPerMinute ?? QUARANTINE_LIMITS.unauthenticatedPerMinute;
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quarantine WHERE NOT authenticated AND received_at > now() - interval '1 minute'`,
    );
    if ((rows[0]?.n ?? 0) >= cap) return;
  }
  const detail = JSON.stringify(rejection.body());
  await pool.query(
    `INSERT INTO quarantine (raw, reason, detail, device, seq, digest, source, sha256, size, head, authenticated, source_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      authenticated ? Buffer.from(bytes) : null,
      rejection.code,
      detail.length > QUARANTINE_LIMITS.detailChars ? `${detail.slice(0, QUARANTINE_LIMITS.detailChars)}…` : detail,
      rejection.facts.device ?? null,
      rejection.facts.seq ?? null,
      rejection.facts.digest ?? null,
      via,
      createHash('sha256').update(bytes).digest('hex'),
      bytes.length,
      Buffer.from(bytes.subarray(0, QUARANTINE_LIMITS.headBytes)),
      authenticated,
      options.sourceAddress ?? null,
    ],
  );
}

async function ingestIn(
  client: PoolClient,
  keyring: ServerKeyring,
  bytes: Uint8Array,
  via: Via,
  maxBytes: number,
  isKnownField: IsKnownField,
  provenance: Provenance,
  deviceAllowance?: (deviceId: string) => boolean,
): Promise<IngestResult> {
  let device: DeviceRow | undefined;
  let deviceRefusal: IngestRejection | undefined;
  const decoded = await decodePackage(bytes, {
    maxBytes,
    resolvePublicKey: async ({ header, keyId, alg }) => {
      const facts = { device: String(header.device), seq: Number(header.seq) || undefined };
      const { rows } = await client.query<DeviceRow>(
        `SELECT id, county, level, COALESCE(scope, county) AS scope, alg, public_key, status, last_seq, last_digest
         FROM devices WHERE id = $1 FOR UPDATE`,
        [String(header.device)],
      );
      device = rows[0];
      if (!device) deviceRefusal = ingestErrors.deviceUnknown(facts.device, facts);
      else if (device.status === 'revoked') deviceRefusal = ingestErrors.deviceRevoked(device.id, facts);
      else if (device.alg !== alg || keyIdFor(alg, device.public_key) !== keyId)
        deviceRefusal = ingestErrors.keyNotCurrent(device.id, facts);
      return deviceRefusal ? null : device!.public_key;
    },
    // Only ever asked with the key of an enrolled, active device (the resolver above): a verified signature
    // makes the request authenticated, so its bytes are worth keeping if it is refused later on.
    verifier: {
      verify: async (alg, publicKey, message, signature) => {
        const ok = await softwareVerifier.verify(alg, publicKey, message, signature);
        if (ok) provenance.authenticated = true;
        return ok;
      },
    },
  });
  if (deviceRefusal) throw deviceRefusal;
  if (!decoded.ok) throw fromFormat(decoded, { device: device?.id });
  const { pkg, digest } = decoded;
  const dev = device!;
  if (deviceAllowance && !deviceAllowance(dev.id)) throw errors.rateLimited();
  const seq = pkg.header.seq ?? 0;
  const facts = { device: dev.id, seq, digest };
  if (pkg.header.kind !== 'changes') throw ingestErrors.wrongKind(facts);

  const chain = checkChainLink(
    dev.last_digest ? { seq: dev.last_seq, digest: dev.last_digest } : null,
    { seq, prevDigest: pkg.header.prevDigest },
    digest,
  );
  if (chain.status === 'duplicate' || chain.status === 'older') {
    const earlier = await storedReceipt(client, dev.id, seq);
    if (earlier && earlier.digest === digest) return { status: 'duplicate', receipt: earlier.text, seq, digest };
    throw ingestErrors.fork(seq, `a different package with seq ${seq} was already accepted`, facts);
  }
  if (chain.status === 'fork') throw ingestErrors.fork(seq, chain.detail, facts);
  if (chain.status === 'gap') throw ingestErrors.gap(chain.missingFrom, seq, facts);

  const scope: OfficeScope = { level: dev.level, code: dev.scope };
  checkScope(pkg, dev, scope, facts);
  const ops = pkg.body.ops;
  checkClockAhead(ops, Date.now(), facts);
  checkOpText(ops, facts);
  checkOps(ops, facts);

  // From here on one package at a time: the merge reads and writes current state, and the op log's cursor must
  // grow in commit order. Signature checks (the CPU-heavy part) already ran in parallel above.
  await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_MERGE_LOCK]);
  const state = await loadState(client, ops);
  checkRecordsInScope(ops, state, scope, facts);
  await checkStatusOps(client, ops, state, scope.level, facts);
  const merged = applyOps(state, ops, { isKnownField });
  if (merged.rejected.length > 0) {
    throw ingestErrors.opInvalid(
      merged.rejected.map((r) => ({
        index: ops.indexOf(r.op as Op),
        opId: (r.op as Op).opId,
        code: r.code,
        message: r.reason,
      })),
      facts,
    );
  }
  checkTouchedRecords(ops, merged.state, scope, facts);

  await client.query(
    `INSERT INTO packages (digest, device, seq, prev_digest, bytes, op_count, via, package_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [digest, dev.id, seq, pkg.header.prevDigest, Buffer.from(bytes), ops.length, via, pkg.header.packageId],
  );
  const cursor = await storing(facts, async () => {
    const last = await appendOps(client, ops, digest);
    await saveRecords(client, merged.state, merged.changed, last);
    return last;
  });
  await saveConflicts(client, merged.conflicts);
  await saveParked(client, merged.parked);
  await client.query('UPDATE devices SET last_seq = $2, last_digest = $3 WHERE id = $1', [dev.id, seq, digest]);

  const signer = await keyring.current();
  const receipt = await sealReceipt(
    {
      packageId: pkg.header.packageId,
      device: dev.id,
      county: dev.county,
      seq,
      digest,
      status: 'accepted',
      cursor: String(cursor),
      serverTime: new Date().toISOString(),
      counts: pkg.header.counts,
    },
    signer,
  );
  const text = utf8DecodeStrict(receipt.bytes);
  const parsed = JSON.parse(text) as { signature: string };
  await client.query(
    `INSERT INTO receipts (package_digest, device, seq, body, signature, server_key) VALUES ($1, $2, $3, $4, $5, $6)`,
    [digest, dev.id, seq, text, parsed.signature, signer.keyId],
  );
  return { status: 'accepted', receipt: text, seq, digest };
}

/** The receipt file of an accepted (device, seq): the stored jsonb re-canonicalises to the very same bytes. */
async function storedReceipt(
  client: PoolClient,
  device: string,
  seq: number,
): Promise<{ digest: string; text: string } | undefined> {
  const { rows } = await client.query<{ package_digest: string; body: unknown }>(
    'SELECT package_digest, body FROM receipts WHERE device = $1 AND seq = $2',
    [device, seq],
  );
  const row = rows[0];
  return row ? { digest: row.package_digest, text: canonicalize(row.body) } : undefined;
}

/** The scope of the device's certificate, with the one scope rule (shared/src/domain/scope.ts). */
function checkScope(pkg: Package, device: DeviceRow, scope: OfficeScope, facts: IngestRejection['facts']): void {
  if (pkg.header.county !== device.county) throw ingestErrors.countyScope(device.county, pkg.header.county, facts);
  for (const op of pkg.body.ops) {
    const problem = checkOpScope(scope, op);
    if (problem?.code === 'province-owned') throw ingestErrors.provinceOwned(op.entity, facts);
    if (problem) throw ingestErrors.countyScope(device.scope, op.county, facts);
  }
}

/**
 * An op must not reach a record that already belongs to a county outside the scope (a borrowed id), nor move a
 * record to another county than the one it belongs to.
 */
function checkRecordsInScope(
  ops: readonly Op[],
  state: MergeState,
  scope: OfficeScope,
  facts: IngestRejection['facts'],
): void {
  for (const op of ops) {
    const existing = state.records.get(recordKey(op.entity, op.recordId));
    if (existing && (!countyInScope(scope, existing.county) || existing.county !== op.county))
      throw ingestErrors.countyScope(scope.code, existing.county, facts);
  }
}

/**
 * An op whose HLC is in the server's future (a PC clock far ahead) would win every later conflict and make other
 * devices' clocks jump: refuse the whole package (nothing applied, the seq not consumed) so the device can
 * re-stamp those ops once its clock is right. A clock far BEHIND is harmless: its ops just lose LWW.
 */
function checkClockAhead(ops: readonly Op[], nowMs: number, facts: IngestRejection['facts']): void {
  let worst: { opIndex: number; opId: string; hlc: string; aheadMs: number } | undefined;
  ops.forEach((op, opIndex) => {
    const aheadMs = parseHlc(op.hlc).ms - nowMs;
    if (aheadMs > MAX_HLC_AHEAD_MS && (!worst || aheadMs > worst.aheadMs))
      worst = { opIndex, opId: op.opId, hlc: op.hlc, aheadMs };
  });
  if (worst) {
    const { aheadMs, ...at } = worst;
    throw ingestErrors.clockAhead(aheadMs, new Date(nowMs).toISOString(), at, facts);
  }
}

function checkOps(ops: readonly Op[], facts: IngestRejection['facts']): void {
  const problems: Parameters<typeof ingestErrors.opInvalid>[0] = [];
  ops.forEach((op, index) => {
    if (!knownFields(op.entity).has(op.field) || op.field === '_deleted') return; // unknown fields are parked, tombstones checked by the merge
    // A patch: fields required to verify (not to record) are checked on the whole record, after the merge.
    const error = validateField(op.entity, op.field, op.value, { partial: true });
    if (error) problems.push({ index, opId: op.opId, field: op.field, code: error.code, message: error.message });
  });
  if (problems.length > 0) throw ingestErrors.opInvalid(problems, facts);
}

export async function saveConflicts(
  client: PoolClient,
  conflicts: ReturnType<typeof applyOps>['conflicts'],
): Promise<void> {
  for (const c of conflicts) {
    await client.query(
      `INSERT INTO conflicts (entity, record_id, field, county, winner_op, loser_op, winner, loser)
       SELECT $1, $2, $3, county, $4, $5, $6, $7 FROM records WHERE entity = $1 AND record_id = $2
       ON CONFLICT (winner_op, loser_op) DO NOTHING`,
      [c.entity, c.recordId, c.field, c.winner.opId, c.loser.opId, JSON.stringify(c.winner), JSON.stringify(c.loser)],
    );
  }
}

export async function saveParked(client: PoolClient, parked: readonly Op[]): Promise<void> {
  for (const op of parked) {
    await client.query(
      `INSERT INTO parked_ops (op_id, reason, op, county) VALUES ($1, 'unknown-field', $2, $3) ON CONFLICT (op_id) DO NOTHING`,
      [op.opId, JSON.stringify(op), op.county],
    );
  }
}
