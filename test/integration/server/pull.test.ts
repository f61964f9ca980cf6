import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { decodeReturnPage, sealPullRequest, type ServerKey } from '@shared/sync';
import { PAGE_BYTES } from '../../../server/src/pull/changes';
import { prunePullRequests } from '../../../server/src/pull/pull-auth';
import { databaseKinds } from '../../support/postgres';
import { enrolDevice, op, pack, post, type Enrolled } from './devices';
import { adminHeaders, newDeviceKeys, useServer, type ServerHarness } from './harness';

const PULL_TYPE = { 'content-type': 'application/vnd.linkdesk.pull-request' };

async function pullBytes(
  device: Enrolled,
  after: string | null,
  limit = 1000,
  requestId = uuidv7(),
): Promise<Uint8Array> {
  return sealPullRequest({ requestId, device: device.id, after, limit }, device.signer);
}

const send = (server: ServerHarness, bytes: Uint8Array) =>
  server.app.inject({ method: 'POST', url: '/v1/pull', headers: PULL_TYPE, payload: Buffer.from(bytes) });

describe.each(databaseKinds())('POST /v1/pull on %s PostgreSQL', (kind) => {
  const server = useServer(kind);
  let a: Enrolled;
  let a2: Enrolled;
  let c: Enrolled;
  let keys: ServerKey[];
  let receiptA: string;

  beforeAll(async () => {
    a = await enrolDevice(server, `pull-a-${kind}`, '130123');
    a2 = await enrolDevice(server, `pull-a2-${kind}`, '130123');
    c = await enrolDevice(server, `pull-c-${kind}`, '130104');
    const recA = uuidv7();
    const pushed = await post(
      server,
      (await pack(a, 1, null, [op(a, recA, 'name', '甲'), op(a, recA, 'contactPerson', '甲联系人')])).bytes,
    );
    expect(pushed.statusCode).toBe(200);
    receiptA = pushed.json().receipt;
    const recC = uuidv7();
    expect(
      (
        await post(
          server,
          (await pack(c, 1, null, [op(c, recC, 'name', '丙', { county: '130104' })], c.signer, '130104')).bytes,
        )
      ).statusCode,
    ).toBe(200);
    // Province reference data (county '13'), as the reference import writes it.
    await server.pool.query(
      `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version)
       VALUES ($1, 'industry', 'C39', 'name', '"计算机、通信和其他电子设备制造业"', '2026-11-28T09:00:00.000Z-0000-0000000000000013', NULL, 'province', '省科技厅', '13', 1)`,
      [uuidv7()],
    );
    keys = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys;
  });

  async function pages(device: Enrolled, limit: number) {
    const seen: { county: string; entity: string }[] = [];
    let after: string | null = null;
    let rounds = 0;
    for (;;) {
      const res = await send(server, await pullBytes(device, after, limit));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/vnd.linkdesk.package');
      const page = await decodeReturnPage(res.rawPayload, { serverKeys: keys, deviceId: device.id });
      expect(page.from).toBe(after ?? '0');
      seen.push(...page.ops.map((o) => ({ county: o.county, entity: o.entity })));
      expect(Math.abs(Date.parse(page.serverTime) - Date.now())).toBeLessThan(60_000);
      after = page.to;
      rounds++;
      if (!page.hasMore) return { seen, rounds, after, last: page };
    }
  }

  it("gives a county its own records and the province's reference data, never another county's, in signed pages", async () => {
    const all = await pages(a2, 1000);
    expect(all.seen).toEqual([
      { county: '130123', entity: 'enterprise' },
      { county: '130123', entity: 'enterprise' },
      { county: '13', entity: 'industry' },
    ]);
    const paged = await pages(a2, 1);
    expect(paged.seen).toEqual(all.seen);
    expect(paged.rounds).toBe(3);
    const other = await pages(c, 1000);
    expect(other.seen).toEqual([
      { county: '130104', entity: 'enterprise' },
      { county: '13', entity: 'industry' },
    ]);
  });

  it("carries, signed, the receipt of the device's accepted package (a USB return file acknowledges it too)", async () => {
    const first = await pages(a, 1000);
    const receiptBody = JSON.parse(receiptA).body;
    expect(first.last.receipts.map((r) => [r.seq, r.digest])).toEqual([[receiptBody.seq, receiptBody.digest]]);
    const none = await pages(a2, 1000);
    expect(none.last.receipts).toEqual([]);
  });

  it('stops a page at PAGE_BYTES of op JSON (hasMore set), so a device can always read it; the next page goes on from there', async () => {
    const big = await enrolDevice(server, `pull-big-${kind}`, '130133');
    // 4,000 ops of ≈3 KB each (≈13 MB): more than one page may carry, fewer than the 5,000 a page may count.
    await server.pool.query(
      `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version)
       SELECT gen_random_uuid()::text, 'enterprise', gen_random_uuid()::text, 'profile', to_jsonb(repeat('技', 1000) || g), '2026-11-28T09:00:00.000Z-0000-0000000000000013', NULL, $1, '张敏', '130133', 1
       FROM generate_series(1, 4000) AS g`,
      [big.id],
    );
    const res = await send(server, await pullBytes(big, null, 5000));
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(PAGE_BYTES + 2 * 1024 * 1024);
    const first = await decodeReturnPage(res.rawPayload, { serverKeys: keys, deviceId: big.id });
    expect(first.hasMore).toBe(true);
    expect(first.ops.length).toBeGreaterThan(1000);
    expect(first.ops.length).toBeLessThan(4000);
    const all = await pages(big, 5000);
    expect(all.rounds).toBe(2);
    expect(all.seen.filter((o) => o.county === '130133').length).toBe(4000);
    expect(all.seen.filter((o) => o.county !== '130133')).toEqual([{ county: '13', entity: 'industry' }]); // the province's reference data, never another county's
  });

  it('returns an empty page at the end, with the cursor unchanged and hasMore false', async () => {
    const { after } = await pages(a, 1000);
    const res = await send(server, await pullBytes(a, after));
    const page = await decodeReturnPage(res.rawPayload, { serverKeys: keys, deviceId: a.id });
    expect([page.from, page.to, page.hasMore, page.ops.length]).toEqual([after, after, false, 0]);
  });

  it('does not depend on the device clock: the request has no time, a replayed request id is refused', async () => {
    const bytes = await pullBytes(a, null);
    expect((await send(server, bytes)).statusCode).toBe(200);
    const replay = await send(server, bytes);
    expect([replay.statusCode, replay.json().code]).toEqual([409, 'pull-replay']);
    const { rows } = await server.pool.query('SELECT count(*)::int AS n FROM pull_requests WHERE device = $1', [a.id]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('prunes seen request ids by age', async () => {
    await server.pool.query(
      `INSERT INTO pull_requests (device, request_id, received_at) VALUES ($1, $2, now() - interval '8 days')`,
      [a.id, uuidv7()],
    );
    expect(await prunePullRequests(server.pool)).toBeGreaterThanOrEqual(1);
    const { rows } = await server.pool.query(
      `SELECT count(*)::int AS n FROM pull_requests WHERE received_at < now() - interval '7 days'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses foreign signatures, unknown and revoked devices, bad limits and malformed bodies with their own codes', async () => {
    const stranger = await newDeviceKeys();
    const forged = await sealPullRequest(
      { requestId: uuidv7(), device: a.id, after: null, limit: 10 },
      stranger.signer,
    );
    expect((await send(server, forged)).json().code).toBe('unknown-key');
    const unknown = await sealPullRequest(
      { requestId: uuidv7(), device: 'nobody', after: null, limit: 10 },
      stranger.signer,
    );
    expect([(await send(server, unknown)).statusCode, (await send(server, unknown)).json().code]).toEqual([
      403,
      'device-unknown',
    ]);
    const garbage = await send(server, new TextEncoder().encode('{"not":"a document"'));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().code).toBe('malformed');
    const json = await server.app.inject({ method: 'POST', url: '/v1/pull', payload: { after: 0 } });
    expect(json.statusCode).toBe(415);
    await server.app.inject({ method: 'POST', url: `/v1/admin/devices/${a2.id}/revoke`, headers: adminHeaders });
    const revoked = await send(server, await pullBytes(a2, null));
    expect([revoked.statusCode, revoked.json().code]).toEqual([403, 'device-revoked']);
  });

  it('has no GET /v1/changes any more (one way to pull)', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/v1/changes?after=0' })).statusCode).toBe(404);
  });
});
