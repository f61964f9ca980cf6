// USB packages through the admin CLI: `verify` checks without importing; `import-package` has exactly the meaning of
// a network upload, so the same package by HTTP and by file is applied once.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '@shared/change';
import { createSigner } from '@shared/crypto';
import { decodePackage, sealDocument, type PackageBody, type PackageHeader } from '@shared/package';
import { sealPullRequest } from '@shared/sync/pull-request';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { changesPage } from '../../../server/src/pull/changes';
import { runCli } from './cli';
import { databaseKinds } from '../../support/postgres';
import { COUNTY, enrolDevice, op, pack, post, type Enrolled } from './devices';
import { useServer, type ServerHarness } from './harness';

vi.setConfig({ testTimeout: 120_000 });

const work = mkdtempSync(path.join(tmpdir(), 'linkdesk-usb-'));
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function tableCounts(server: ServerHarness) {
  const { rows } = await server.pool.query(
    `SELECT (SELECT count(*)::int FROM ops) AS ops, (SELECT count(*)::int FROM packages) AS packages, (SELECT count(*)::int FROM quarantine) AS quarantine`,
  );
  return rows[0] as { ops: number; packages: number; quarantine: number };
}

describe.each(databaseKinds())('USB package files on %s PostgreSQL', (kind) => {
  const server = useServer(kind);
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: server.url });
  let device: Enrolled;
  const recordId = uuidv7();
  let first: Awaited<ReturnType<typeof pack>>;
  let firstFile: string;

  beforeAll(async () => {
    device = await enrolDevice(server, `usb-${kind}`);
    first = await pack(device, 1, null, [op(device, recordId, 'name', '保定某某新材料有限公司')]);
    firstFile = path.join(work, `${kind}-seq1.ldpkg`);
    writeFileSync(firstFile, first.bytes);
  });

  it('verify FILE checks a package without importing it', async () => {
    const before = await tableCounts(server);
    const run = await cli('verify', firstFile, '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      format: 'linkdesk.package',
      digest: first.digest,
      deviceStatus: 'active',
      claimed: { device: device.id, seq: 1 },
    });
    const tampered = path.join(work, `${kind}-tampered.ldpkg`);
    writeFileSync(tampered, Buffer.from(first.bytes).toString('utf8').replace('保定', '廊坊'));
    const bad = await cli('verify', tampered, '--json');
    expect(bad.code).toBe(4);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, code: 'digest-mismatch' });
    expect(await tableCounts(server)).toEqual(before);
  });

  it('verify gives the server verdict: return pages by a server key, changes by the key of header.device only', async () => {
    const other = await enrolDevice(server, `usb-other-${kind}`);
    const write = (name: string, bytes: Uint8Array | string) => {
      const file = path.join(work, `${kind}-${name}`);
      writeFileSync(file, bytes);
      return file;
    };
    const keyring = new ServerKeyring(server.pool);
    const genuinePage = (await changesPage(server.pool, keyring, { id: device.id, county: COUNTY }, 0, 10)).package;
    // The same page, signed by the device it is addressed to: a device cannot vouch for the province's data.
    const opened = JSON.parse(genuinePage) as {
      header: PackageHeader;
      body: PackageBody;
    };
    const { alg: _a, digestAlg: _d, keyId: _k, ...fields } = opened.header;
    const byDevice = await sealDocument<PackageHeader, PackageBody>(fields, opened.body, device.signer);
    // A package of `device`, signed with its own key but naming the other device's key id.
    const misnamed = await pack(
      device,
      1,
      null,
      [op(device, recordId, 'name', '保定某某新材料有限公司')],
      await createSigner(device.pair, other.signer.keyId),
    );
    const pull = await sealPullRequest(
      { requestId: uuidv7(), device: device.id, after: null, limit: 100 },
      device.signer,
    );

    const [page, forgedPage, keyIdOfAnother, pullRequest] = await Promise.all([
      cli('verify', write('page.ldpkg', genuinePage), '--json'),
      cli('verify', write('page-by-device.ldpkg', byDevice.bytes), '--json'),
      cli('verify', write('misnamed.ldpkg', misnamed.bytes), '--json'),
      cli('verify', write('pull.json', pull), '--json'),
    ]);
    expect([page.code, JSON.parse(page.stdout)], page.stderr).toEqual([
      0,
      expect.objectContaining({ ok: true, claimed: expect.objectContaining({ kind: 'return', device: device.id }) }),
    ]);
    expect([forgedPage.code, JSON.parse(forgedPage.stdout).code]).toEqual([4, 'unknown-key']);
    expect([keyIdOfAnother.code, JSON.parse(keyIdOfAnother.stdout).code]).toEqual([4, 'unknown-key']);
    expect([pullRequest.code, JSON.parse(pullRequest.stdout)]).toEqual([
      0,
      expect.objectContaining({
        ok: true,
        format: 'linkdesk.pull-request',
        claimed: expect.objectContaining({ device: device.id }),
      }),
    ]);
  });

  it('a package uploaded by HTTP and then imported from file is applied once', async () => {
    expect((await post(server, first.bytes)).json().status).toBe('accepted');
    const before = await tableCounts(server);
    const run = await cli('import-package', firstFile, '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'duplicate', seq: 1, digest: first.digest });
    expect(await tableCounts(server)).toEqual(before);
  });

  it('a package imported from file and then uploaded by HTTP is applied once, archived as via file', async () => {
    const second = await pack(device, 2, first.digest, [op(device, recordId, 'contactPerson', '赵磊')]);
    const file = path.join(work, `${kind}-seq2.ldpkg`);
    writeFileSync(file, second.bytes);
    const run = await cli('import-package', file, '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'accepted', seq: 2 });
    const before = await tableCounts(server);
    const res = await post(server, second.bytes);
    expect(res.json()).toMatchObject({ status: 'duplicate', seq: 2 });
    expect(await tableCounts(server)).toEqual(before);
    const { rows } = await server.pool.query('SELECT via FROM packages WHERE digest = $1', [second.digest]);
    expect(rows[0].via).toBe('file');
  });

  it('export-return writes the pull page for a device as a signed return package file', async () => {
    const out = path.join(work, `${kind}-return.ldpkg`);
    const run = await cli('export-return', '--device', device.id, '--out', out, '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ count: 2, hasMore: false, out });
    const key = (await server.pool.query('SELECT public_key FROM server_keys')).rows[0].public_key;
    const decoded = await decodePackage(new Uint8Array(readFileSync(out)), { maxBytes: 1 << 22, publicKey: key });
    expect(decoded.ok && decoded.pkg.header).toMatchObject({
      kind: 'return',
      device: device.id,
      cursor: { from: '0' },
    });
    expect(decoded.ok && decoded.pkg.body.ops.map((o) => o.field)).toEqual(['name', 'contactPerson']);
    expect((await cli('export-return', '--device', 'nobody', '--out', out)).code).toBe(3);
  });

  it('import-package exits 4 for a refused file and quarantines it with source file', async () => {
    const gap = await pack(device, 5, first.digest, [op(device, recordId, 'name', '跳号')]);
    const file = path.join(work, `${kind}-gap.ldpkg`);
    writeFileSync(file, gap.bytes);
    const run = await cli('import-package', file, '--json');
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, code: 'seq-gap' });
    const { rows } = await server.pool.query('SELECT reason, source FROM quarantine ORDER BY id DESC LIMIT 1');
    expect(rows[0]).toEqual({ reason: 'seq-gap', source: 'file' });
  });
});
