// POST /v1/pull authentication: the body is a pull request document signed by the device's enrolled key. It has no
// timestamp (a PC clock a day off must still pull); a replayed requestId is refused instead (`pull-replay`).
import { keyIdFor, type SignatureAlg } from '@shared/crypto';
import { decodePullRequest, type PullRequestBody } from '@shared/sync';
import type { Pool } from '../db/pool.js';
import { ApiError } from '../http/errors.js';
import { fromFormat, ingestErrors } from '../ingest/errors.js';

/** How long seen request ids are kept (a replay older than this only re-reads a page signed for that device). */
export const PULL_REQUEST_RETENTION = '7 days';
const PRUNE_EVERY = 200;
let sincePrune = 0;

interface DeviceRow {
  id: string;
  county: string;
  alg: SignatureAlg;
  public_key: string;
  status: string;
}

export async function authenticatePull(
  pool: Pool,
  bytes: Uint8Array,
): Promise<{ device: { id: string; county: string }; request: PullRequestBody }> {
  let device: DeviceRow | undefined;
  let refusal: ApiError | undefined;
  const decoded = await decodePullRequest(bytes, {
    resolvePublicKey: async ({ body, keyId, alg }) => {
      const id = String((body as { device?: unknown } | null)?.device ?? '');
      const { rows } = await pool.query<DeviceRow>(
        'SELECT id, county, alg, public_key, status FROM devices WHERE id = $1',
        [id],
      );
      device = rows[0];
      if (!device) refusal = ingestErrors.deviceUnknown(id, {});
      else if (device.status !== 'active') refusal = ingestErrors.deviceRevoked(id, {});
      else if (device.alg !== alg || keyIdFor(alg, device.public_key) !== keyId)
        refusal = ingestErrors.keyNotCurrent(id, {});
      return refusal ? null : device!.public_key;
    },
  });
  if (refusal) throw refusal;
  if (!decoded.ok) throw fromFormat(decoded);
  const { rowCount } = await pool.query(
    'INSERT INTO pull_requests (device, request_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [device!.id, decoded.body.requestId],
  );
  if (rowCount === 0) {
    throw new ApiError(
      409,
      'pull-replay',
      {
        zh: '这个同步请求已经处理过（重复发送），已拒绝。请重新同步。',
        en: 'This pull request was seen before (a replay) and is refused. Sync again.',
      },
      { requestId: decoded.body.requestId },
    );
  }
  // The device holds everything up to `after`: export-return continues from there (never moves back).
  const confirmed = Number(decoded.body.after ?? 0);
  if (Number.isSafeInteger(confirmed) && confirmed > 0)
    await pool.query('UPDATE devices SET pull_cursor = GREATEST(pull_cursor, $2) WHERE id = $1', [
      device!.id,
      confirmed,
    ]);
  if (++sincePrune >= PRUNE_EVERY) {
    sincePrune = 0;
    await prunePullRequests(pool);
  }
  return { device: { id: device!.id, county: device!.county }, request: decoded.body };
}

export async function prunePullRequests(pool: Pool, olderThan: string = PULL_REQUEST_RETENTION): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM pull_requests WHERE received_at < now() - $1::interval`, [
    olderThan,
  ]);
  return rowCount ?? 0;
}
