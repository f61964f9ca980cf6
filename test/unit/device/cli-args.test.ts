// The device CLI's arguments (device/src/cli/args.ts, node:util parseArgs underneath): the same commands and flags
// as the usage text, `--json` as the add/update input and as the output switch, and a usage error for anything else.
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../device/src/cli/args';

const flagsOf = (argv: string[]) => Object.fromEntries(parseArgs(argv).flags);

describe('device CLI arguments', () => {
  it('reads the command, positionals, value flags and switches', () => {
    const p = parseArgs(['import', 'a.xlsx', '--entity', 'demand', '--dry-run', '--home', '/tmp/d']);
    expect(p.command).toBe('import');
    expect(p.positionals).toEqual(['a.xlsx']);
    expect(flagsOf(['import', 'a.xlsx', '--entity', 'demand', '--dry-run', '--home', '/tmp/d'])).toEqual({
      entity: 'demand',
      'dry-run': 'true',
      home: '/tmp/d',
    });
    expect(p.jsonOutput).toBe(false);
  });

  it('--json is the output switch for every command but add/update', () => {
    expect(parseArgs(['status', '--json', '--home', 'h']).jsonOutput).toBe(true);
    expect(flagsOf(['status', '--json', '--home', 'h'])).toEqual({ home: 'h' });
  });

  it('for add/update the first --json with a value is the input (a file or - for stdin), a second one the output switch', () => {
    const fromStdin = parseArgs(['add', 'demand', '--json', '-', '--home', 'h', '--json']);
    expect(fromStdin.flags.get('json')).toBe('-');
    expect(fromStdin.jsonOutput).toBe(true);
    const fromFile = parseArgs(['update', 'demand', 'ID', '--json', 'r.json', '--home', 'h']);
    expect([fromFile.positionals, fromFile.flags.get('json'), fromFile.jsonOutput]).toEqual([
      ['demand', 'ID'],
      'r.json',
      false,
    ]);
    const outputOnly = parseArgs(['add', 'demand', '--json', '--home', 'h']);
    expect([outputOnly.flags.has('json'), outputOnly.jsonOutput]).toEqual([false, true]);
  });

  it('refuses a missing command, an unknown option and a value flag without its value', () => {
    expect(() => parseArgs([])).toThrow(UsageError);
    expect(() => parseArgs(['--home', 'h'])).toThrow(/missing command/);
    expect(() => parseArgs(['status', '--frobnicate'])).toThrow(UsageError);
    expect(() => parseArgs(['status', '--frobnicate'])).toThrow(/frobnicate/);
    expect(() => parseArgs(['sync', '--server'])).toThrow(/--server/);
    expect(() => parseArgs(['sync', '--server', '--json'])).toThrow(UsageError);
  });
});
