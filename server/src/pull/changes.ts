// Pull: the ops a county may see after a server-assigned cursor (its own county's, plus the province's reference
// data under county '13'), as a `return` package signed by the server — the same file a USB return package carries.
// The signed page holds hasMore, serverTime, the cursor range and the receipts of the device's packages accepted
// since `after` (docs/sync-protocol.md §3), so a USB return file also acknowledges the device's packages.
import type { Op } from '@shared/change';
import { canonicalize, utf8DecodeStrict, utf8Encode } from '@shared/crypto';
import { SCHEMA_VERSION } from '@shared/domain';
import { PACKAGE_LIMITS } from '@shared/package';
import { sealReturnPage } from '@shared/sync';
import type { Pool } from '../db/pool.js';
import type { ServerKeyring } from '../keys/server-key.js';
import { VERSION } from '../version.js';

/** County code of province-owned reference data (divisions, industries, clusters, commissioners, notices). */
export const PROVINCE_SCOPE = '13';
export const DEFAULT_PAGE = 1000;
/** Receipts carried per page besides the latest one (the latest alone acknowledges every lower seq). */
const MAX_RECEIPTS_PER_PAGE = 20;

export interface ChangesPage {
  /** The `linkdesk.package` file text, kind `return`, signed by the server. */
  package: string;
  /** Pass as `after` for the next page. */
  cursor: number;
  hasMore: boolean;
  count: number;
  receipts: number;
}

const OP_COLUMNS =
  'server_seq, op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version, source';

interface OpRow {
  server_seq: string;
  op_id: string;
  entity: Op['entity'];
  record_id: string;
  field: string;
  value: Op['value'] | null;
  hlc: string;
  base_hlc: string | null;
  device: string;
  operator: string;
  county: string;
  schema_version: number;
  source: Op['source'] | null;
}

export function parsePageQuery(after: unknown, limit: unknown): { after: number; limit: number } | undefined {
  const a = after === undefined || after === '' || after === null ? 0 : Number(after);
  const l = limit === undefined || limit === '' ? DEFAULT_PAGE : Number(limit);
  if (!Number.isSafeInteger(a) || a < 0 || !Number.isSafeInteger(l) || l < 1 || l > PACKAGE_LIMITS.maxOps)
    return undefined;
  return { after: a, limit: l };
}

export async function changesPage(
  pool: Pool,
  keyring: ServerKeyring,
  device: { id: string; county: string },
  after: number,
  limit: number,
): Promise<ChangesPage> {
  // One index-ordered range per scope (ops_county_cursor), each stopping after limit + 1 rows, merged: a page costs
  // the same at the start of a long log as at its end, whatever the other counties hold.
  const { rows } = await pool.query<OpRow>(
    `SELECT * FROM (
       (SELECT ${OP_COLUMNS} FROM ops WHERE county = $2 AND server_seq > $1 ORDER BY server_seq LIMIT $4)
       UNION ALL
       (SELECT ${OP_COLUMNS} FROM ops WHERE county = $3 AND $3 <> $2 AND server_seq > $1 ORDER BY server_seq LIMIT $4)
     ) AS scoped ORDER BY server_seq LIMIT $4`,
    [after, device.county, PROVINCE_SCOPE, limit + 1],
  );
  const page = withinPageBytes(rows.slice(0, limit));
  const hasMore = rows.length > page.length;
  const cursor = page.length > 0 ? Number(page.at(-1)!.server_seq) : after;
  const ops: Op[] = page.map((r) => ({
    opId: r.op_id,
    entity: r.entity,
    recordId: r.record_id,
    field: r.field,
    value: r.value ?? null,
    hlc: r.hlc,
    baseHlc: r.base_hlc,
    device: r.device,
    operator: r.operator,
    county: r.county,
    schemaVersion: r.schema_version,
    ...(r.source ? { source: r.source } : {}),
  }));
  const receipts = await receiptsSince(pool, device.id, after);
  const sealed = await sealReturnPage(
    {
      device: device.id,
      county: device.county,
      from: String(after),
      to: String(cursor),
      hasMore,
      serverTime: new Date().toISOString(),
      ops,
      receipts,
      schemaVersion: SCHEMA_VERSION,
      appVersion: VERSION,
    },
    await keyring.current(),
  );
  return { package: utf8DecodeStrict(sealed.bytes), cursor, hasMore, count: ops.length, receipts: receipts.length };
}

/**
 * Big pages are cheap per op, but a page must stay well inside what a device reads (decodeReturnPage: 4 × the
 * package limit): stop at PAGE_BYTES of op JSON (always at least one op), the rest follows on the next page.
 */
export const PAGE_BYTES = 2 * PACKAGE_LIMITS.maxBytes;
const OP_OVERHEAD_BYTES = 400;

function withinPageBytes(rows: OpRow[]): OpRow[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    bytes +=
      OP_OVERHEAD_BYTES +
      Buffer.byteLength(JSON.stringify(r.value ?? null)) +
      (r.source ? Buffer.byteLength(JSON.stringify(r.source)) : 0);
    if (bytes > PAGE_BYTES && i > 0) return rows.slice(0, i);
  }
  return rows;
}

/** The receipt files of the device's packages whose cursor is after `after`, plus always its latest one. */
async function receiptsSince(pool: Pool, device: string, after: number): Promise<Uint8Array[]> {
  const { rows } = await pool.query<{ seq: string; body: unknown }>(
    `(SELECT seq, body FROM receipts WHERE device = $1 ORDER BY seq DESC LIMIT 1)
     UNION
     (SELECT seq, body FROM receipts WHERE device = $1 AND (body->>'cursor')::bigint > $2 ORDER BY seq DESC LIMIT $3)
     ORDER BY seq`,
    [device, after, MAX_RECEIPTS_PER_PAGE],
  );
  return rows.map((r) => utf8Encode(canonicalize(r.body)));
}
