// Admin CLI commands. Each returns what to print: `json` for --json, `text` for people.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Pool } from '../db/pool.js';
import { issueEnrolCode } from '../enrol/codes.js';
import { approveEnrolRequest, listDevices, revokeDevice } from '../enrol/devices.js';
import { ServerKeyring } from '../keys/server-key.js';
import { collectStats, figuresResult } from './stats.js';
import { statsReport } from '../stats/report.js';
import { verifyFile } from '@shared/package';
import type { SignatureAlg } from '@shared/crypto';
import { packageLimit } from '../ingest/routes.js';
import { ingestPackage } from '../ingest/ingest.js';
import { MIN_RETENTION_DAYS, pruneQuarantine } from '../ingest/quarantine.js';
import { changesPage, parsePageQuery } from '../pull/changes.js';
import { CliError, EXIT } from './exit.js';

export interface CommandResult {
  json: unknown;
  text: string;
}

export interface CommandInput {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

export interface Command {
  usage: string;
  summary: string;
  /** Options that take a value. */
  valueOptions: string[];
  /** Boolean options besides --json (e.g. --dry-run). */
  flags?: string[];
  /** Value options that must be given; checked before the database is opened. */
  required?: string[];
  /** Groups of value options of which at least one must be given (checked with `required`). */
  requiredOneOf?: string[][];
  positionals: number;
  /** How many more positionals may follow (e.g. `quarantine show ID`); default 0. */
  optionalPositionals?: number;
  run(pool: Pool, input: CommandInput): Promise<CommandResult>;
}

export function readFile(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    throw new CliError(
      EXIT.notFound,
      'file-not-found',
      `文件不存在或无法读取：${file}`,
      `File not found or unreadable: ${file}`,
    );
  }
}

/** The server's BODY_LIMIT (default 8 MiB); packageLimit() holds a package file to at most the spec's 4 MiB under it. */
export function maxPackageBytes(): number {
  const n = Number(process.env.BODY_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : 8 * 1024 * 1024;
}

const optionString = (input: CommandInput, name: string): string | undefined => {
  const v = input.options[name];
  return typeof v === 'string' ? v : undefined;
};

export const COMMANDS: Record<string, Command> = {
  'enrol-code': {
    usage: 'enrol-code --county CODE | --level county|city|province --scope CODE [--alg Ed25519|SM2-SM3] [--hours 72]',
    summary: 'issue a one-time enrolment code for an office level and scope (alias: enroll-code)',
    valueOptions: ['county', 'level', 'scope', 'alg', 'hours'],
    requiredOneOf: [['scope', 'county']],
    positionals: 0,
    async run(pool, input) {
      const county = optionString(input, 'county');
      const scope = optionString(input, 'scope') ?? county;
      if (!scope) throw CliError.usage('--scope CODE (or --county CODE) is required');
      const hoursText = optionString(input, 'hours');
      const hours = hoursText === undefined ? 72 : Number(hoursText);
      if (!Number.isFinite(hours)) throw CliError.usage('--hours must be a number');
      const issued = await issueEnrolCode(
        pool,
        { level: optionString(input, 'level'), scope, alg: optionString(input, 'alg') },
        hours,
      );
      return {
        json: issued,
        text: [
          `注册码 / code: ${issued.code}`,
          `单位层级 / level: ${issued.level}`,
          `范围 / scope: ${issued.scope}`,
          `签名算法 / algorithm: ${issued.alg}`,
          `有效期至 / expires: ${issued.expiresAt}`,
        ].join('\n'),
      };
    },
  },
  'approve-request': {
    usage: 'approve-request FILE --out CERT [--level county|city|province --scope CODE] [--alg ALG]',
    summary: 'approve an offline enrolment request for an office level and scope; write { certificate, serverKeys }',
    valueOptions: ['out', 'level', 'scope', 'alg'],
    required: ['out'],
    positionals: 1,
    async run(pool, input) {
      const out = optionString(input, 'out');
      if (!out) throw CliError.usage('--out CERT is required');
      const grant = {
        level: optionString(input, 'level'),
        scope: optionString(input, 'scope'),
        alg: optionString(input, 'alg'),
      };
      const keyring = new ServerKeyring(pool);
      const issued = await approveEnrolRequest(pool, keyring, readFile(input.positionals[0]!), grant);
      // What a device needs, as POST /v1/enrol answers it: the certificate file's exact text and the server keys
      // it must accept on receipts and return pages (no network needed on the device).
      writeFileSync(
        out,
        `${JSON.stringify({ certificate: issued.certificate, serverKeys: await keyring.publicKeys() })}\n`,
      );
      const { certificate: _file, ...facts } = issued;
      return {
        json: { ...facts, out },
        text: `已批准 / approved: ${issued.deviceId} (${issued.level} ${issued.scope}), serial ${issued.serial}\n证书 / certificate: ${out}`,
      };
    },
  },
  revoke: {
    usage: 'revoke DEVICE [--reason TEXT]',
    summary: 'revoke a device; its later packages are refused, its earlier data stays',
    valueOptions: ['reason'],
    positionals: 1,
    async run(pool, input) {
      const result = await revokeDevice(pool, input.positionals[0]!, optionString(input, 'reason') ?? null);
      const text = result.alreadyRevoked
        ? `设备已是吊销状态 / already revoked: ${result.device.id} (${result.device.revokedAt})`
        : `已吊销 / revoked: ${result.device.id}`;
      return { json: result, text };
    },
  },
  devices: {
    usage: 'devices [--county CODE]',
    summary: 'list enrolled devices',
    valueOptions: ['county'],
    positionals: 0,
    async run(pool, input) {
      const devices = await listDevices(pool, optionString(input, 'county'));
      const lines = devices.map(
        (d) => `${d.id}\t${d.county}\t${d.status}\t${d.operator ?? ''}\tseq ${d.lastSeq}\t${d.enrolledAt}`,
      );
      return { json: { devices }, text: devices.length ? lines.join('\n') : '没有设备 / no devices' };
    },
  },
  verify: {
    usage: 'verify FILE',
    summary: 'the server verdict on a package, return page, receipt, certificate, enrolment or pull request file',
    valueOptions: [],
    positionals: 1,
    async run(pool, input) {
      const bytes = readFile(input.positionals[0]!);
      let deviceStatus: string | undefined;
      // The same keys the server uses: its own for what it signs, the device's enrolled key for what a device signs.
      const report = await verifyFile(bytes, {
        maxBytes: packageLimit(maxPackageBytes()),
        keys: {
          serverKey: async (keyId, alg) => {
            const { rows } = await pool.query<{ public_key: string }>(
              'SELECT public_key FROM server_keys WHERE id = $1 AND alg = $2',
              [keyId, alg],
            );
            return rows[0]?.public_key ?? null;
          },
          deviceKey: async (device) => {
            const { rows } = await pool.query<{ public_key: string; alg: SignatureAlg; status: string }>(
              'SELECT public_key, alg, status FROM devices WHERE id = $1',
              [device],
            );
            deviceStatus = rows[0]?.status ?? 'unknown';
            return rows[0]?.status === 'active' ? { alg: rows[0].alg, publicKey: rows[0].public_key } : null;
          },
        },
      });
      const json = { ...report, ...(deviceStatus ? { deviceStatus } : {}) };
      if (!report.ok) {
        throw new CliError(
          EXIT.rejected,
          report.reason ? report.reason.toLowerCase().replace(/_/g, '-') : 'refused',
          report.message?.zh ?? '文件被拒绝',
          `${report.message?.en ?? 'refused'} (${report.detail ?? ''})`,
        );
      }
      const c = report.claimed;
      const text = `有效 / valid: ${report.format} ${c.device ? `device ${String(c.device)}` : ''} ${c.seq ? `seq ${String(c.seq)}` : ''}\ndigest ${report.digest}${deviceStatus ? `\ndevice status: ${deviceStatus}` : ''}`;
      return { json, text };
    },
  },
  'quarantine-prune': {
    usage: 'quarantine-prune --older-than DAYS',
    summary: `delete quarantine records older than DAYS (≥ ${MIN_RETENTION_DAYS}); the retention rule`,
    valueOptions: ['older-than'],
    required: ['older-than'],
    positionals: 0,
    async run(pool, input) {
      const days = Number(optionString(input, 'older-than'));
      if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS)
        throw CliError.usage(`--older-than must be a whole number of days ≥ ${MIN_RETENTION_DAYS}`);
      const result = await pruneQuarantine(pool, days);
      return {
        json: result,
        text: `已删除 / deleted: ${result.deleted} quarantine records received before ${result.before}`,
      };
    },
  },
  'import-package': {
    usage: 'import-package FILE',
    summary: 'import a USB package exactly as if it had arrived over the network',
    valueOptions: [],
    positionals: 1,
    async run(pool, input) {
      const result = await ingestPackage(
        pool,
        new ServerKeyring(pool),
        readFile(input.positionals[0]!),
        'file',
        packageLimit(maxPackageBytes()),
      );
      const label =
        result.status === 'accepted' ? '已导入 / accepted' : '此前已导入，未重复应用 / duplicate, applied before';
      return { json: result, text: `${label}: seq ${result.seq}, digest ${result.digest}` };
    },
  },
  'export-return': {
    usage: 'export-return --device ID --out FILE [--after CURSOR] [--limit N]',
    summary:
      'write what a device lacks as signed return package files (USB): from its last confirmed cursor, all pages FILE, FILE.2, …',
    valueOptions: ['device', 'out', 'after', 'limit'],
    required: ['device', 'out'],
    positionals: 0,
    async run(pool, input) {
      const page = parsePageQuery(optionString(input, 'after'), optionString(input, 'limit'));
      if (!page) throw CliError.usage('--after must be a cursor ≥ 0 and --limit between 1 and 5000');
      const id = optionString(input, 'device')!;
      const { rows } = await pool.query<{ id: string; county: string; status: string; pull_cursor: string }>(
        'SELECT id, county, status, pull_cursor FROM devices WHERE id = $1',
        [id],
      );
      const device = rows[0];
      if (!device)
        throw new CliError(EXIT.notFound, 'device-unknown', `没有登记过设备 ${id}。`, `Device ${id} is not enrolled.`);
      if (device.status !== 'active')
        throw new CliError(EXIT.rejected, 'device-revoked', `设备 ${id} 已被吊销。`, `Device ${id} has been revoked.`);
      // Default: from the cursor the device last confirmed (its last pull), then every page until done.
      const from = optionString(input, 'after') === undefined ? Number(device.pull_cursor) : page.after;
      const out = optionString(input, 'out')!;
      const files: { file: string; count: number; from: number; cursor: number }[] = [];
      const keyring = new ServerKeyring(pool);
      let after = from;
      for (let n = 1; ; n++) {
        const result = await changesPage(pool, keyring, device, after, page.limit);
        const file = n === 1 ? out : `${out}.${n}`;
        writeFileSync(file, result.package);
        files.push({ file, count: result.count, from: after, cursor: Number(result.cursor) });
        if (!result.hasMore || Number(result.cursor) <= after) break;
        after = Number(result.cursor);
      }
      const ops = files.reduce((sum, f) => sum + f.count, 0);
      return {
        json: { device: id, out, from, pages: files.length, count: ops, hasMore: false, files },
        text: `已写出 / written: ${ops} ops in ${files.length} file(s) from cursor ${from}: ${files.map((f) => f.file).join(', ')}`,
      };
    },
  },
  stats: {
    usage: 'stats [--level province|city|county|cluster --code CODE] [--period 2026]',
    summary: 'server counts; with --level, the aggregated figures of GET /v1/admin/stats',
    valueOptions: ['level', 'code', 'period'],
    positionals: 0,
    async run(pool, input) {
      if (input.options.level !== undefined) return figuresResult(await statsReport(pool, input.options));
      const s = await collectStats(pool);
      const text = [
        `migrations ${s.migrations.level}/${s.migrations.latest}`,
        `devices: ${s.devices.reduce((n, d) => n + d.active, 0)} active, ${s.devices.reduce((n, d) => n + d.revoked, 0)} revoked`,
        `packages ${s.packages}, ops ${s.ops}, records ${s.records}`,
        `open conflicts ${s.openConflicts}, parked ops ${s.parkedOps}, open alerts ${s.openAlerts}`,
        `quarantine: ${s.quarantine.map((q) => `${q.reason} ${q.count}`).join(', ') || 'empty'}`,
      ].join('\n');
      return { json: s, text };
    },
  },
};
