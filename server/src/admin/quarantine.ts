// `admin quarantine list|show|release|reject`: what was refused, from which device and why; release re-ingests a
// refused package once its cause is fixed (e.g. the device was moved to another county), reject closes it.
// The device learns the outcome on its next sync: a released package is accepted, so the device's resend of the
// same bytes gets the same receipt (duplicate). A package the device already resealed without the refused ops
// (its way out, docs/sync-protocol.md "Ways out") cannot be released: its seq now holds other bytes.
import type { Pool } from '../db/pool.js';
import { IngestRejection } from '../ingest/errors.js';
import { ingestPackage } from '../ingest/ingest.js';
import { ServerKeyring } from '../keys/server-key.js';
import { maxPackageBytes, type Command, type CommandInput } from './commands.js';
import { CliError, EXIT } from './exit.js';

interface Row {
  id: string;
  received_at: Date;
  reason: string;
  detail: string | null;
  device: string | null;
  seq: string | null;
  digest: string | null;
  source: string;
  size: string;
  authenticated: boolean;
  outcome: 'released' | 'rejected' | null;
  outcome_at: Date | null;
  outcome_note: string | null;
}

const COLUMNS = `id, received_at, reason, detail, device, seq, digest, source, size, authenticated, outcome, outcome_at,
  outcome_note`;

function summary(r: Row) {
  return {
    id: Number(r.id),
    receivedAt: r.received_at.toISOString(),
    device: r.device,
    seq: r.seq === null ? null : Number(r.seq),
    reason: r.reason,
    source: r.source,
    authenticated: r.authenticated,
    outcome: (r.outcome ?? 'open') as 'open' | 'released' | 'rejected',
  };
}

const OUTCOME_ZH = { open: '待处理', released: '已放行', rejected: '已关闭' } as const;

function line(r: Row): string {
  const s = summary(r);
  return `#${s.id} ${s.receivedAt} 设备 device ${s.device ?? '（未知 unknown）'} seq ${s.seq ?? '-'} 原因 reason ${s.reason} [${OUTCOME_ZH[s.outcome]} ${s.outcome}]`;
}

async function load(pool: Pool, input: CommandInput): Promise<Row> {
  const id = Number(input.positionals[1]);
  if (!Number.isSafeInteger(id) || id <= 0) throw CliError.usage('ID must be a quarantine id (see quarantine list)');
  const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM quarantine WHERE id = $1`, [id]);
  if (!rows[0]) throw new CliError(EXIT.notFound, 'not-found', `隔离区中没有 #${id}。`, `No quarantine entry #${id}.`);
  return rows[0];
}

function stillOpen(r: Row): void {
  if (r.outcome)
    throw new CliError(
      EXIT.rejected,
      'already-decided',
      `#${r.id} 已于 ${r.outcome_at?.toISOString()} ${OUTCOME_ZH[r.outcome]}，不能再处理。`,
      `#${r.id} was already ${r.outcome} at ${r.outcome_at?.toISOString()}.`,
    );
}

/** Decides the entry and every open entry of the same package (a release attempt that was refused again adds one). */
async function decide(pool: Pool, r: Row, outcome: 'released' | 'rejected', note: string | undefined): Promise<void> {
  await pool.query(
    `UPDATE quarantine SET outcome = $2, outcome_at = now(), outcome_note = $3
      WHERE outcome IS NULL AND (id = $1 OR ($4::text IS NOT NULL AND digest = $4 AND device IS NOT DISTINCT FROM $5))`,
    [r.id, outcome, note ?? null, r.digest, r.device],
  );
}

async function list(pool: Pool, input: CommandInput) {
  const device = typeof input.options.device === 'string' ? input.options.device : null;
  const all = input.options.all === true;
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM quarantine
      WHERE ($1::text IS NULL OR device = $1) AND ($2 OR outcome IS NULL)
      ORDER BY id DESC LIMIT 500`,
    [device, all],
  );
  return {
    json: rows.map(summary),
    text: rows.length === 0 ? '隔离区没有待处理的数据包 / nothing in quarantine' : rows.map(line).join('\n'),
  };
}

async function show(pool: Pool, input: CommandInput) {
  const r = await load(pool, input);
  let detail: unknown = r.detail;
  try {
    detail = r.detail === null ? null : (JSON.parse(r.detail) as unknown);
  } catch {
    // a detail cut at its size bound stays text
  }
  const message = (detail as { message?: { zh?: string; en?: string } } | null)?.message;
  const json = {
    ...summary(r),
    digest: r.digest,
    size: Number(r.size),
    detail,
    rawKept: r.authenticated,
    outcomeAt: r.outcome_at?.toISOString() ?? null,
    outcomeNote: r.outcome_note,
  };
  const text = [
    line(r),
    message?.zh ? `原因：${message.zh}` : null,
    message?.en ? `why: ${message.en}` : null,
    `digest ${r.digest ?? '-'}, ${r.size} bytes, ${r.authenticated ? '原文件已保存 raw kept' : '仅保存摘要 digest only (unauthenticated)'}`,
    r.outcome_note ? `备注 note: ${r.outcome_note}` : null,
  ].filter((l) => l !== null);
  return { json, text: text.join('\n') };
}

async function release(pool: Pool, input: CommandInput) {
  const r = await load(pool, input);
  stillOpen(r);
  const { rows: raw } = await pool.query<{ raw: Buffer | null }>('SELECT raw FROM quarantine WHERE id = $1', [r.id]);
  const bytes = raw[0]?.raw;
  if (!bytes)
    throw new CliError(
      EXIT.rejected,
      'no-raw-bytes',
      `#${r.id} 未通过签名核验，隔离区只保存了摘要，无法放行。请让设备重新同步。`,
      `#${r.id} did not verify; only its digest was kept, so it cannot be released. Ask the device to sync again.`,
    );
  if (r.device !== null && r.seq !== null) {
    const { rows } = await pool.query<{ last_seq: string }>('SELECT last_seq FROM devices WHERE id = $1', [r.device]);
    if (rows[0] && Number(rows[0].last_seq) >= Number(r.seq))
      throw new CliError(
        EXIT.rejected,
        'superseded',
        `设备 ${r.device} 已重新上报第 ${r.seq} 号数据包（不含被拒收的修改），此包不能再放行。被拒收的修改保留在该设备的“待处理的修改”中：原因消除后，请该设备选择“重新上报”。可用 quarantine reject 关闭此项。`,
        `Device ${r.device} already sent seq ${r.seq} again without the refused changes, so this package cannot be released. The refused changes wait on the device (待处理的修改): once the cause is fixed, the clerk chooses "send again". Close this entry with quarantine reject.`,
      );
  }
  try {
    const result = await ingestPackage(pool, new ServerKeyring(pool), new Uint8Array(bytes), 'file', maxPackageBytes());
    await decide(pool, r, 'released', optionNote(input));
    return {
      json: { id: Number(r.id), outcome: 'released', status: result.status, seq: result.seq, digest: result.digest },
      text: `#${r.id} 已放行并导入 / released and ingested: seq ${result.seq} (${result.status})。设备下次同步时会收到回执。`,
    };
  } catch (error) {
    if (!(error instanceof IngestRejection)) throw error;
    throw new CliError(
      EXIT.rejected,
      error.code,
      `#${r.id} 仍被拒收：${error.text.zh}（原因代码 ${error.code}）。请先消除原因再放行。`,
      `#${r.id} is still refused: ${error.text.en} (${error.code}). Fix the cause first.`,
    );
  }
}

async function reject(pool: Pool, input: CommandInput) {
  const r = await load(pool, input);
  stillOpen(r);
  await decide(pool, r, 'rejected', optionNote(input));
  return {
    json: { id: Number(r.id), outcome: 'rejected' },
    text: `#${r.id} 已关闭 / rejected. 设备上被拒收的修改仍在其“待处理的修改”中，由该设备改正或放弃。`,
  };
}

const optionNote = (input: CommandInput): string | undefined =>
  typeof input.options.note === 'string' ? input.options.note : undefined;

const ACTIONS = { list, show, release, reject } as const;

export const QUARANTINE_COMMANDS: Record<string, Command> = {
  quarantine: {
    usage: 'quarantine list [--device ID] [--all] | show ID | release ID [--note TEXT] | reject ID [--note TEXT]',
    summary: 'refused packages: what, from which device, why; release re-ingests once fixed, reject closes',
    valueOptions: ['device', 'note'],
    flags: ['all'],
    positionals: 1,
    optionalPositionals: 1,
    async run(pool, input) {
      const action = input.positionals[0] as keyof typeof ACTIONS;
      if (!(action in ACTIONS)) throw CliError.usage('quarantine list | show ID | release ID | reject ID');
      if ((action === 'list') !== (input.positionals.length === 1))
        throw CliError.usage(action === 'list' ? 'quarantine list takes no ID' : `quarantine ${action} needs an ID`);
      return ACTIONS[action](pool, input);
    },
  },
};
