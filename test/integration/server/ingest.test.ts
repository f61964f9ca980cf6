import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { createSigner, generateKeyPair, utf8Encode } from '@shared/crypto';
import { decodeReceipt, sealDocument, type PackageHeader, type PackageBody } from '@shared/package';
import { databaseKinds } from '../../support/postgres';
import { COUNTY, enrolDevice, op, pack, post, type Enrolled } from './devices';
import { adminHeaders, newDeviceKeys, useServer, type ServerHarness } from './harness';

const OTHER_COUNTY = '130104';
const BODY_LIMIT = 64 * 1024;

async function counts(server: ServerHarness): Promise<{ ops: number; packages: number; records: number }> {
  const { rows } = await server.pool.query(
    `SELECT (SELECT count(*)::int FROM ops) AS ops, (SELECT count(*)::int FROM packages) AS packages, (SELECT count(*)::int FROM records) AS records`,
  );
  return rows[0];
}

interface QuarantineRow {
  reason: string;
  raw: Buffer | null;
  device: string | null;
  sha256: string;
  size: string;
  head: Buffer;
  authenticated: boolean;
}

async function lastQuarantine(server: ServerHarness): Promise<QuarantineRow> {
  return (
    await server.pool.query(
      'SELECT reason, raw, device, sha256, size, head, authenticated FROM quarantine ORDER BY id DESC LIMIT 1',
    )
  ).rows[0];
}

/** Refusals of a package that verified with the enrolled device's key: the quarantine keeps their bytes. */
const AUTHENTICATED_REFUSALS = new Set([
  'seq-gap',
  'fork',
  'county-scope',
  'province-owned',
  'op-invalid',
  'clock-ahead',
]);

describe.each(databaseKinds())('package ingest on %s PostgreSQL', (kind) => {
  const server = useServer(kind, { bodyLimit: BODY_LIMIT });
  let a: Enrolled;
  let first: Awaited<ReturnType<typeof pack>>;
  const recordId = uuidv7();

  beforeAll(async () => {
    a = await enrolDevice(server, `dev-a-${kind}`);
    first = await pack(a, 1, null, [
      op(a, recordId, 'name', '石家庄市某某科技有限公司'),
      op(a, recordId, 'contactPerson', '刘洋'),
    ]);
  });

  /**
   * Sends a package that must be refused: checks the code, that nothing was applied, and the quarantine record:
   * the bytes themselves when the package verified with an enrolled device's key, else hash, size and first KiB.
   */
  async function expectRefused(payload: Uint8Array | string, status: number, code: string) {
    const before = await counts(server);
    const res = await post(server, payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ code, message: { zh: expect.any(String), en: expect.any(String) } });
    expect(await counts(server)).toEqual(before);
    const q = await lastQuarantine(server);
    expect(q.reason).toBe(code);
    const sent = Buffer.from(payload);
    expect([q.sha256, Number(q.size)]).toEqual([createHash('sha256').update(sent).digest('hex'), sent.length]);
    expect(q.head.equals(sent.subarray(0, 1024))).toBe(true);
    expect(q.authenticated).toBe(AUTHENTICATED_REFUSALS.has(code));
    if (q.authenticated) expect(q.raw?.equals(sent)).toBe(true);
    else expect(q.raw).toBeNull();
    return res.json();
  }

  it('accepts seq 1: merges into current state, archives the raw bytes and answers a receipt signed by the server', async () => {
    const res = await post(server, first.bytes);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ status: 'accepted', seq: 1, digest: first.digest });
    const key = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys[0].publicKey;
    const receipt = await decodeReceipt(utf8Encode(result.receipt), { publicKey: key });
    expect(receipt.ok && receipt.receipt.body).toMatchObject({
      device: a.id,
      county: COUNTY,
      seq: 1,
      digest: first.digest,
      status: 'accepted',
      counts: { ops: 2, attachments: 0 },
    });

    const record = (
      await server.pool.query('SELECT county, fields, deleted FROM records WHERE record_id = $1', [recordId])
    ).rows[0];
    expect(record).toMatchObject({
      county: COUNTY,
      deleted: false,
      fields: { name: { value: '石家庄市某某科技有限公司', device: a.id }, contactPerson: { value: '刘洋' } },
    });
    const archived = (await server.pool.query('SELECT bytes, via FROM packages WHERE digest = $1', [first.digest]))
      .rows[0];
    expect(Buffer.from(archived.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(archived.via).toBe('http');
    expect(
      (await server.pool.query('SELECT last_seq, last_digest FROM devices WHERE id = $1', [a.id])).rows[0],
    ).toEqual({ last_seq: 1, last_digest: first.digest });
  });

  it('answers a duplicate with the same receipt and applies nothing again', async () => {
    const before = await counts(server);
    const original = (await server.pool.query('SELECT body FROM receipts WHERE package_digest = $1', [first.digest]))
      .rows[0];
    const res = await post(server, first.bytes);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'duplicate', seq: 1 });
    expect(JSON.parse(res.json().receipt)).toEqual(original.body);
    expect(await counts(server)).toEqual(before);
  });

  it('refuses a gap with 409 naming the expected seq (seq-gap)', async () => {
    const later = await pack(a, 3, first.digest.replace(/^./, 'f'), [op(a, recordId, 'name', '跳号')]);
    const body = await expectRefused(later.bytes, 409, 'seq-gap');
    expect(body).toMatchObject({ expectedSeq: 2, got: 3 });
  });

  it('refuses a fork (same seq, other content) and raises an alert', async () => {
    const forked = await pack(a, 1, null, [op(a, recordId, 'name', '另一个历史')]);
    await expectRefused(forked.bytes, 409, 'fork');
    const alert = (await server.pool.query(`SELECT kind, device, seq FROM alerts ORDER BY id DESC LIMIT 1`)).rows[0];
    expect(alert).toEqual({ kind: 'fork', device: a.id, seq: 1 });
  });

  it('refuses a bad signature (bad-signature)', async () => {
    const other = await generateKeyPair('Ed25519');
    const forger = await createSigner(other, a.signer.keyId);
    const forged = await pack(a, 2, first.digest, [op(a, recordId, 'name', '伪造')], forger);
    await expectRefused(forged.bytes, 400, 'bad-signature');
  });

  it('refuses an unknown device (device-unknown) and a revoked one (device-revoked); earlier data of the revoked stays', async () => {
    const ghost: Enrolled = { ...(await newDeviceKeys()), id: `ghost-${kind}`, node: 'aaaaaaaaaaaaaaaa', tick: 0 };
    await expectRefused(
      (await pack(ghost, 1, null, [op(ghost, uuidv7(), 'name', '无名')])).bytes,
      403,
      'device-unknown',
    );

    const b = await enrolDevice(server, `dev-b-${kind}`);
    const bRecord = uuidv7();
    expect((await post(server, (await pack(b, 1, null, [op(b, bRecord, 'name', '乙公司')])).bytes)).statusCode).toBe(
      200,
    );
    await server.app.inject({ method: 'POST', url: `/v1/admin/devices/${b.id}/revoke`, headers: adminHeaders });
    const later = await pack(
      b,
      2,
      (await server.pool.query('SELECT last_digest FROM devices WHERE id = $1', [b.id])).rows[0].last_digest,
      [op(b, bRecord, 'name', '吊销后')],
    );
    await expectRefused(later.bytes, 403, 'device-revoked');
    const kept = (await server.pool.query('SELECT fields FROM records WHERE record_id = $1', [bRecord])).rows[0];
    expect(kept.fields.name.value).toBe('乙公司');
  });

  it('refuses records of another county (county-scope)', async () => {
    const foreign = await pack(a, 2, first.digest, [op(a, uuidv7(), 'name', '外县企业', { county: OTHER_COUNTY })]);
    await expectRefused(foreign.bytes, 403, 'county-scope');
  });

  it("refuses a write to another county's existing record that borrows its id (county-scope)", async () => {
    const b = await enrolDevice(server, `dev-other-county-${kind}`, OTHER_COUNTY);
    const theirs = uuidv7();
    expect(
      (
        await post(
          server,
          (
            await pack(
              b,
              1,
              null,
              [op(b, theirs, 'name', '外县企业', { county: OTHER_COUNTY })],
              b.signer,
              OTHER_COUNTY,
            )
          ).bytes,
        )
      ).statusCode,
    ).toBe(200);
    const hijack = await pack(a, 2, first.digest, [op(a, theirs, 'name', '被本县改名')]);
    const body = await expectRefused(hijack.bytes, 403, 'county-scope');
    expect(body).toMatchObject({ deviceCounty: COUNTY, found: OTHER_COUNTY });
    const kept = (await server.pool.query('SELECT county, fields FROM records WHERE record_id = $1', [theirs])).rows[0];
    expect(kept).toMatchObject({ county: OTHER_COUNTY, fields: { name: { value: '外县企业' } } });
  });

  it('refuses a county device writing province reference data (province-owned)', async () => {
    const cluster = await pack(a, 2, first.digest, [op(a, 'C-DEMO-1', 'name', '本县自封集群', { entity: 'cluster' })]);
    const body = await expectRefused(cluster.bytes, 403, 'province-owned');
    expect(body).toMatchObject({ entity: 'cluster' });
  });

  it('refuses an op that breaks the schema (op-invalid) and applies none of the package', async () => {
    const bad = await pack(a, 2, first.digest, [
      op(a, recordId, 'name', '合法的新名称'),
      op(a, recordId, 'contactPerson', '长'.repeat(40)),
    ]);
    const body = await expectRefused(bad.bytes, 422, 'op-invalid');
    expect(body.problems).toEqual([expect.objectContaining({ index: 1, field: 'contactPerson' })]);
  });

  it('refuses malformed JSON (malformed) and an unknown format version (unsupported-version)', async () => {
    await expectRefused('{"body": [1, 2', 400, 'malformed');
    const v2 = await sealDocument<PackageHeader, PackageBody>(
      { ...(await pack(a, 2, first.digest, [])).pkg.header, version: 2 } as unknown as PackageHeader,
      { ops: [], attachments: [] },
      a.signer,
    );
    await expectRefused(v2.bytes, 400, 'unsupported-version');
  });

  it('quarantines an oversized package (too-large) and refuses a far larger body unread (body-too-large)', async () => {
    const big = await pack(a, 2, first.digest, [
      op(a, recordId, 'address', '很'.repeat(100)),
      ...Array.from({ length: 260 }, () => op(a, uuidv7(), 'name', '批量企业名称'.repeat(4))),
    ]);
    expect(big.bytes.length).toBeGreaterThan(BODY_LIMIT);
    expect(big.bytes.length).toBeLessThan(2 * BODY_LIMIT);
    await expectRefused(big.bytes, 413, 'too-large');
    const huge = await post(server, 'x'.repeat(2 * BODY_LIMIT + 1));
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'body-too-large']);
  });

  it('refuses an op stamped more than 5 minutes in the server’s future (clock-ahead) without consuming the seq', async () => {
    const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const future = await pack(a, 2, first.digest, [
      op(a, recordId, 'contactPerson', '明天的联系人', { hlc: `${tomorrow}-0000-${a.node}` }),
    ]);
    const body = await expectRefused(future.bytes, 422, 'clock-ahead');
    expect(body.message.zh).toContain('本机时间比省级服务器快了约 1 天');
    expect(body.message.zh).toContain('请校正电脑日期时间后重新同步，已录入的数据不会丢失');
    expect(body).toMatchObject({ opIndex: 0, serverTime: expect.any(String), aheadMs: expect.any(Number) });
    expect((await server.pool.query('SELECT last_seq FROM devices WHERE id = $1', [a.id])).rows[0].last_seq).toBe(1);
  });

  it('still accepts the next package in order after all those refusals', async () => {
    const next = await pack(a, 2, first.digest, [op(a, recordId, 'contactPerson', '王强', { baseHlc: null })]);
    const res = await post(server, next.bytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', seq: 2 });
  });
});

describe.each(databaseKinds())('merge of concurrent edits on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  it('keeps the winner in current state and logs the losing value as a conflict, whatever the arrival order', async () => {
    const x = await enrolDevice(server, `merge-x-${kind}`);
    const y = await enrolDevice(server, `merge-y-${kind}`);
    const recordId = uuidv7();
    const created = await pack(x, 1, null, [op(x, recordId, 'name', '原名称')]);
    expect((await post(server, created.bytes)).statusCode).toBe(200);
    const base = (await server.pool.query('SELECT fields FROM records WHERE record_id = $1', [recordId])).rows[0].fields
      .name.hlc;
    // Both edit the name having seen the same base: concurrent. y's hlc is later, so y wins.
    const byX = await pack(x, 2, created.digest, [
      op(x, recordId, 'name', '甲改的名称', { baseHlc: base, hlc: '2026-11-28T11:00:00.000Z-0000-' + x.node }),
    ]);
    const byY = await pack(y, 1, null, [
      op(y, recordId, 'name', '乙改的名称', { baseHlc: base, hlc: '2026-11-28T11:00:01.000Z-0000-' + y.node }),
    ]);
    expect((await post(server, byY.bytes)).statusCode).toBe(200);
    expect((await post(server, byX.bytes)).statusCode).toBe(200);
    const record = (await server.pool.query('SELECT fields FROM records WHERE record_id = $1', [recordId])).rows[0];
    expect(record.fields.name).toMatchObject({ value: '乙改的名称', device: y.id });
    const conflicts = (
      await server.pool.query('SELECT field, winner, loser, county FROM conflicts WHERE record_id = $1', [recordId])
    ).rows;
    expect(conflicts).toEqual([
      expect.objectContaining({
        field: 'name',
        county: COUNTY,
        winner: expect.objectContaining({ value: '乙改的名称' }),
        loser: expect.objectContaining({ value: '甲改的名称' }),
      }),
    ]);
  });

  it('accepts packages from many devices posted at once, each applied exactly once with its own cursor', async () => {
    const devices = await Promise.all(Array.from({ length: 8 }, (_, i) => enrolDevice(server, `burst-${i}-${kind}`)));
    const before = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ops')).rows[0]!.n;
    const packages = await Promise.all(
      devices.map((d) =>
        pack(d, 1, null, [op(d, uuidv7(), 'name', `企业${d.id}`), op(d, uuidv7(), 'name', `企业${d.id}二`)]),
      ),
    );
    const results = await Promise.all(packages.map((p) => post(server, p.bytes)));
    expect(results.map((r) => r.statusCode)).toEqual(devices.map(() => 200));
    const cursors = results.map((r) => Number(JSON.parse(r.json().receipt).body.cursor));
    expect(new Set(cursors).size).toBe(devices.length);
    const after = (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ops')).rows[0]!.n;
    expect(after - before).toBe(devices.length * 2);
  });
});
