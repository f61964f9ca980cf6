/**
 * `npm run device -- <command> --home DIR [--json]`: the headless LinkDesk device client (integration tests,
 * bulk migration, support diagnostics). Exit codes: 0 ok, 2 usage, 3 not found, 4 rejected/validation,
 * 5 network, 1 other.
 */
import { ClockDriftError } from '@shared/change';
import { SyncError } from '@shared/sync';
import { ReplicaCommandError } from '@shared/sync/replica';
import { LockBusyError } from '../file-lock';
import { LocalWriteError } from '../local-writes';
import { WalCorruptError } from '../wal';
import { parseArgs, UsageError, USAGE, type Parsed } from './args';
import { CliError, runCommand } from './commands';

interface Failure {
  exitCode: number;
  code: string;
  message: { zh: string; en: string };
  errors?: { field: string; code: string; message: { zh: string; en: string } }[];
  detail?: unknown;
}

function describe(e: unknown): Failure {
  if (e instanceof UsageError)
    return { exitCode: 2, code: 'USAGE', message: { zh: `用法错误：${e.message}`, en: e.message } };
  if (e instanceof CliError) return { exitCode: e.exitCode, code: e.code, message: e.text };
  if (e instanceof LocalWriteError) {
    const exitCode =
      e.code === 'NOT_FOUND' ? 3 : e.code === 'UNKNOWN_ENTITY' ? 2 : e.code === 'NOT_INITIALISED' ? 1 : 4;
    return {
      exitCode,
      code: e.code,
      message: e.text,
      errors: e.errors.map((f) => ({ field: f.field, code: f.code, message: f.message })),
    };
  }
  if (e instanceof SyncError) return { exitCode: e.transient ? 5 : 4, code: e.code, message: e.text, detail: e.detail };
  if (e instanceof ClockDriftError) return { exitCode: 4, code: e.code, message: e.messages };
  if (e instanceof LockBusyError) return { exitCode: 1, code: e.code, message: e.text };
  if (e instanceof ReplicaCommandError) return { exitCode: 4, code: e.code, message: { zh: e.message, en: e.message } };
  if (e instanceof WalCorruptError)
    return { exitCode: 1, code: 'STORE_DAMAGED', message: { zh: `本机数据日志损坏：${e.message}`, en: e.message } };
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT')
    return { exitCode: 3, code: 'FILE_NOT_FOUND', message: { zh: `找不到文件：${err.path ?? ''}`, en: err.message } };
  return {
    exitCode: 1,
    code: 'INTERNAL',
    message: { zh: `内部错误：${String(err?.message ?? e)}`, en: String(err?.message ?? e) },
  };
}

function print(p: Parsed | null, value: unknown): void {
  if (p?.jsonOutput) process.stdout.write(`${JSON.stringify(value)}\n`);
  else process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function main(argv: string[]): Promise<number> {
  let parsed: Parsed | null = null;
  try {
    parsed = parseArgs(argv);
    const home = parsed.flags.get('home');
    if (!home) throw new UsageError('--home DIR is required');
    const result = await runCommand(parsed, home);
    print(parsed, { ok: true, ...result });
    return 0;
  } catch (e) {
    const f = describe(e);
    if (parsed?.jsonOutput)
      process.stdout.write(
        `${JSON.stringify({ ok: false, code: f.code, message: f.message, errors: f.errors, detail: f.detail })}\n`,
      );
    else {
      process.stderr.write(`错误 [${f.code}]：${f.message.zh}\n`);
      for (const fe of f.errors ?? []) process.stderr.write(`  - ${fe.field} [${fe.code}]：${fe.message.zh}\n`);
      if (f.exitCode === 2) process.stderr.write(`${USAGE}\n`);
    }
    return f.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
