// The admin CLI as a child process (`node --import tsx server/src/admin/cli.ts`, what `npm run admin` runs), against real PostgreSQL.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decodeDeviceCert } from '@shared/package';
import { createPool } from '../../../server/src/db/pool';
import { databaseKinds, useTestDatabase } from '../../support/postgres';
import { runCli } from './cli';
import { enrolmentRequestText, newDeviceKeys } from './harness';

// Each case starts Node and tsx several times; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

const work = mkdtempSync(path.join(tmpdir(), 'linkdesk-cli-'));
// As root, the embedded cluster runs as the `postgres` user, which must be able to reach DATA_DIR.
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function requestFile(
  name: string,
  county = '130123',
): Promise<{ file: string; deviceId: string; publicKey: string }> {
  const device = await newDeviceKeys();
  const deviceId = `cli-${name}-${process.pid}`;
  const { text } = await enrolmentRequestText(device, { device: deviceId, county });
  const file = path.join(work, `${name}.request.json`);
  writeFileSync(file, text);
  return { file, deviceId, publicKey: device.pair.publicKey };
}

describe('admin CLI usage', () => {
  it('exits 2 with the command list when no command is given', async () => {
    const run = await runCli([], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('enroll-code --county CODE');
  });

  it('exits 2 for an unknown command or a missing argument, before touching any database', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    const missing = await runCli(['enroll-code', '--json'], env);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, code: 'usage' });
  });
});

describe.each(databaseKinds())('admin CLI on %s PostgreSQL', (kind) => {
  const database = useTestDatabase(kind);
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: database.url });

  it('enroll-code --json prints a one-time code for the county', async () => {
    const run = await cli('enroll-code', '--county', '130123', '--hours', '2', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({
      code: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
      county: '130123',
    });
  });

  it('enroll-code exits 4 (rejected) for a code outside Hebei', async () => {
    const run = await cli('enroll-code', '--county', '110101', '--json');
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      code: 'county-unknown',
      message: { zh: expect.stringContaining('河北') },
    });
  });

  it('approve-request writes what a device needs: { certificate (the exact file text), serverKeys }', async () => {
    const { file, deviceId, publicKey } = await requestFile('approve');
    const out = path.join(work, 'approve.cert.json');
    const run = await cli('approve-request', file, '--out', out, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ deviceId, county: '130123', out });
    const pool = createPool(database.url, 1);
    try {
      const { rows } = await pool.query<{ id: string; public_key: string }>('SELECT id, public_key FROM server_keys');
      const written = JSON.parse(readFileSync(out, 'utf8')) as {
        certificate: string;
        serverKeys: { keyId: string; publicKey: string }[];
      };
      expect(written.serverKeys).toEqual([
        expect.objectContaining({ keyId: rows[0]!.id, publicKey: rows[0]!.public_key, alg: 'Ed25519' }),
      ]);
      const decoded = await decodeDeviceCert(new TextEncoder().encode(written.certificate), {
        publicKey: rows[0]!.public_key,
        now: new Date(),
      });
      expect(decoded.ok && decoded.cert.body).toMatchObject({ device: deviceId, county: '130123', publicKey });
    } finally {
      await pool.end();
    }
  });

  it('approve-request exits 3 for a missing file, 4 for a tampered request, 2 without --out', async () => {
    expect((await cli('approve-request', path.join(work, 'nope.json'), '--out', path.join(work, 'x.json'))).code).toBe(
      3,
    );
    const { file } = await requestFile('tampered');
    writeFileSync(file, readFileSync(file, 'utf8').replace('130123', '130104'));
    const out = path.join(work, 'tampered.cert.json');
    const tampered = await cli('approve-request', file, '--out', out, '--json');
    expect(tampered.code).toBe(4);
    expect(JSON.parse(tampered.stdout)).toMatchObject({
      ok: false,
      code: 'file-refused',
      message: { zh: expect.any(String) },
    });
    expect(existsSync(out)).toBe(false);
    expect((await cli('approve-request', file)).code).toBe(2);
  });

  it('revoke marks the device revoked (exit 0), and exits 3 for an unknown device', async () => {
    const { file, deviceId } = await requestFile('revoke');
    expect((await cli('approve-request', file, '--out', path.join(work, 'revoke.cert.json'))).code).toBe(0);
    const run = await cli('revoke', deviceId, '--reason', '电脑丢失', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      alreadyRevoked: false,
      device: { id: deviceId, status: 'revoked' },
    });
    const unknown = await cli('revoke', 'no-such-device', '--json');
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, code: 'device-unknown' });

    const devices = await cli('devices', '--county', '130123', '--json');
    expect(devices.code).toBe(0);
    expect(JSON.parse(devices.stdout).devices).toContainEqual(
      expect.objectContaining({ id: deviceId, status: 'revoked' }),
    );
    const stats = await cli('stats', '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      devices: [{ county: '130123', active: 1, revoked: 1 }],
      packages: 0,
      ops: 0,
    });
    const text = await cli('stats');
    expect(text.stdout).toContain('devices: 1 active, 1 revoked');
  });
});

describe('admin CLI on the embedded PostgreSQL in DATA_DIR (no DATABASE_URL)', () => {
  it('starts the cluster, answers, and stops it again', async () => {
    const dataDir = path.join(work, 'server-data');
    const run = await runCli(['devices', '--json'], { DATABASE_URL: undefined, DATA_DIR: dataDir });
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ devices: [] });
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
