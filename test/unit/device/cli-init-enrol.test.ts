// `device init --alg` makes the key the province's enrolment code requires; "enrol" is the one spelling, with the
// older "enroll" commands kept as aliases.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, USAGE } from '../../../device/src/cli/args';
import { CliError, runCommand } from '../../../device/src/cli/commands';
import { keyPath } from '../../../device/src/keystore';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function newHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'linkdesk-init-'));
  homes.push(home);
  return home;
}

const init = (home: string, ...extra: string[]) =>
  runCommand(parseArgs(['init', '--county', '130628', '--operator', '王芳', ...extra, '--home', home]), home);

describe('device init and enrolment spelling', () => {
  it('init --alg SM2-SM3 makes an SM2 device key; without --alg the key is Ed25519', async () => {
    const sm2 = newHome();
    expect(await init(sm2, '--alg', 'SM2-SM3')).toMatchObject({ alg: 'SM2-SM3', county: '130628' });
    expect(JSON.parse(readFileSync(keyPath(sm2), 'utf8'))).toMatchObject({ alg: 'SM2-SM3' });
    const ed = newHome();
    expect(await init(ed)).toMatchObject({ alg: 'Ed25519' });
    expect(JSON.parse(readFileSync(keyPath(ed), 'utf8'))).toMatchObject({ alg: 'Ed25519' });
  });

  it('init refuses an algorithm it does not support, naming the two it does', async () => {
    const home = newHome();
    const error = await init(home, '--alg', 'RSA').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ code: 'ALG_UNKNOWN' });
    expect((error as CliError).message).toContain('SM2-SM3');
  });

  it('"enrol" is the command; "enroll", "enroll-request" and "enroll-accept" are aliases', () => {
    expect(parseArgs(['enroll', '--server', 'http://x', '--code', 'C']).command).toBe('enrol');
    expect(parseArgs(['enroll-request', '--out', 'f']).command).toBe('enrol-request');
    expect(parseArgs(['enroll-accept', 'f']).command).toBe('enrol-accept');
    expect(parseArgs(['enrol', '--server', 'http://x', '--code', 'C']).command).toBe('enrol');
    expect(USAGE).toContain('enrol --server URL --code CODE');
    expect(USAGE).toContain('--alg Ed25519|SM2-SM3');
  });
});
