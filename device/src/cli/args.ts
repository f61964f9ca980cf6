/** Argument parsing with node:util parseArgs: `<command> [positionals] --flag value … [--json]`. */
import { parseArgs as parseNodeArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Parsed {
  command: string;
  positionals: string[];
  flags: Map<string, string>;
  /** --json given without a value: machine-readable output. */
  jsonOutput: boolean;
  /** Each `--set field=value` (import: one value for every row of a field the file lacks), in order. */
  sets: string[];
}

const VALUE_FLAGS = ['home', 'county', 'operator', 'alg', 'server', 'code', 'out', 'server-keys', 'entity'] as const;
/** The project writes "enrol" (as the HTTP API does); the older spellings keep working. */
const ALIASES: Readonly<Record<string, string>> = {
  enroll: 'enrol',
  'enroll-request': 'enrol-request',
  'enroll-accept': 'enrol-accept',
};
/** Flags that take no value; present means 'true'. */
const SWITCH_FLAGS = ['dry-run'] as const;
/** Where `add`/`update` read the record from (`--json FILE|-`), renamed before parsing; see jsonInputApart. */
const JSON_INPUT = 'json-input';

const OPTIONS = Object.fromEntries([
  ...[...VALUE_FLAGS, JSON_INPUT].map((name) => [name, { type: 'string' as const }]),
  ...[...SWITCH_FLAGS, 'json'].map((name) => [name, { type: 'boolean' as const }]),
  ['set', { type: 'string' as const, multiple: true }],
]);

/**
 * `--json` has two meanings: for add/update its first use with a value is the input (`--json FILE|-`); anywhere else
 * (bare, or the second time) it asks for JSON output. node's parser gives an option one type, so that first use is
 * renamed to an option of its own before parsing.
 */
function jsonInputApart(command: string, args: string[]): string[] {
  if (command !== 'add' && command !== 'update') return args;
  const at = args.findIndex((arg, i) => {
    const next = args[i + 1];
    return arg === '--json' && next !== undefined && (next === '-' || !next.startsWith('--'));
  });
  return at < 0 ? args : [...args.slice(0, at), `--${JSON_INPUT}=${args[at + 1]}`, ...args.slice(at + 2)];
}

export function parseArgs(argv: string[]): Parsed {
  const [given, ...rest] = argv;
  if (!given || given.startsWith('--')) throw new UsageError('missing command');
  const command = ALIASES[given] ?? given;
  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseNodeArgs({
      args: jsonInputApart(command, rest),
      options: OPTIONS,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (e) {
    // ERR_PARSE_ARGS_UNKNOWN_OPTION, _INVALID_OPTION_VALUE …: node's message names the option.
    throw new UsageError((e as Error).message);
  }
  const flags = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name === 'json' || name === 'set') continue;
    flags.set(name === JSON_INPUT ? 'json' : name, value === true ? 'true' : String(value));
  }
  const sets = (parsed.values.set as string[] | undefined) ?? [];
  return { command, positionals: parsed.positionals, flags, jsonOutput: parsed.values.json === true, sets };
}

export function need(p: Parsed, flag: string): string {
  const v = p.flags.get(flag);
  if (v === undefined) throw new UsageError(`${p.command} needs --${flag}`);
  return v;
}

export function positional(p: Parsed, index: number, what: string): string {
  const v = p.positionals[index];
  if (v === undefined) throw new UsageError(`${p.command} needs ${what}`);
  return v;
}

export const USAGE = `用法 / usage: npm run device -- <command> --home DIR [--json]
  init --county CODE --operator NAME [--alg Ed25519|SM2-SM3]   (the algorithm the province's enrolment code names)
  enrol --server URL --code CODE                 (alias: enroll)
  enrol-request --out FILE                       (alias: enroll-request)
  enrol-accept FILE [--server-keys KEYS.json]    (alias: enroll-accept; KEYS.json: the answer of GET /v1/server-keys)
  add <entity> --json FILE|-
  update <entity> ID --json FILE|-
  list <entity>
  sync --server URL
  export-package --out FILE
  import-return FILE
  import FILE [--entity demand|enterprise|commissioner|visit] [--set FIELD=VALUE …] [--dry-run]
                (.xlsx/.xls/.csv; all valid rows or nothing; --set fills one value into every row of a field
                 the file lacks, e.g. --set techField=新材料 or --set 技术领域=新材料)
  status                  (with the held-back changes 待处理的修改 and why)
  held                    the held-back changes, each with its opId, record, reason and what to do
  discard OPID…           discard held-back changes for good (a record made only of them leaves too)
  retry-held              send the held-back changes again once the cause is fixed
exit codes: 0 ok, 2 usage, 3 not found, 4 rejected/validation, 5 network, 1 other`;
