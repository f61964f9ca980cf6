/** Minimal argument parsing: `<command> [positionals] --flag value … [--json]`. */
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

const VALUE_FLAGS = new Set([
  'home',
  'county',
  'operator',
  'alg',
  'server',
  'code',
  'out',
  'json',
  'server-keys',
  'entity',
]);
/** The project writes "enrol" (as the HTTP API does); the older spellings keep working. */
const ALIASES: Readonly<Record<string, string>> = {
  enroll: 'enrol',
  'enroll-request': 'enrol-request',
  'enroll-accept': 'enrol-accept',
};
/** Flags that take no value; present means 'true'. */
const SWITCH_FLAGS = new Set(['dry-run']);

export function parseArgs(argv: string[]): Parsed {
  const [given, ...rest] = argv;
  if (!given || given.startsWith('--')) throw new UsageError('missing command');
  const command = ALIASES[given] ?? given;
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  let jsonOutput = false;
  const sets: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const next = rest[i + 1];
    const hasValue = next !== undefined && (next === '-' || !next.startsWith('--'));
    if (name === 'json' && (!hasValue || flags.has('json') || (command !== 'add' && command !== 'update'))) {
      jsonOutput = true;
      continue;
    }
    if (SWITCH_FLAGS.has(name)) {
      flags.set(name, 'true');
      continue;
    }
    if (name === 'set') {
      if (!hasValue) throw new UsageError('--set needs field=value');
      sets.push(next);
      i++;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
    if (!hasValue) throw new UsageError(`--${name} needs a value`);
    flags.set(name, next);
    i++;
  }
  return { command, positionals, flags, jsonOutput, sets };
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
