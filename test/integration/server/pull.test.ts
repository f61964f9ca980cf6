import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { toBase64url, utf8Encode } from '@shared/crypto';
import { decodePackage } from '@shared/package';
import { requestSigningText } from '../../../server/src/pull/device-auth';
import { databaseKinds } from '../../support/postgres';
import { enrolDevice, op, pack, post, type Enrolled } from './devices';
import { adminHeaders, useServer, type ServerHarness } from './harness';

async function pull(server: ServerHarness, device: Enrolled, query: string, tamper?: (h: Record<string, string>) => void) {
  const url = `/v1/changes${query}`;
  const time = new Date().toISOString();
  const signature = toBase64url(await device.signer.sign(utf8Encode(requestSigningText('GET', url, time, device.id))));
  const headers: Record<string, string> = { 'x-linkdesk-device': device.id, 'x-linkdesk-time': time, 'x-linkdesk-signature': signature };
  tamper?.(headers);
  return server.app.inject({ method: 'GET', url, headers });
}

describe.each(databaseKinds())('pull on %s PostgreSQL', (kind) => {
  const server = useServer(kind);
  let a: Enrolled;
  let a2: Enrolled;
  let c: Enrolled;
  let serverKey: string;

  beforeAll(async () => {
    a = await enrolDevice(server, `pull-a-${kind}`, '130123');
    a2 = await enrolDevice(server, `pull-a2-${kind}`, '130123');
    c = await enrolDevice(server, `pull-c-${kind}`, '130104');
    const recA = uuidv7();
    expect((await post(server, (await pack(a, 1, null, [op(a, recA, 'name', '甲'), op(a, recA, 'contactPerson', '甲联系人')])).bytes)).statusCode).toBe(200);
    const recC = uuidv7();
    const cOps = [op(c, recC, 'name', '丙', { county: '130104' })];
    expect((await post(server, (await pack(c, 1, null, cOps, c.signer, '130104')).bytes)).statusCode).toBe(200);
    // Province reference data (county '13'), as the reference import writes it.
    await server.pool.query(
      `INSERT INTO ops (op_id, entity, record_id, field, value, hlc, base_hlc, device, operator, county, schema_version)
       VALUES ($1, 'industry', 'C39', 'name', '"计算机、通信和其他电子设备制造业"', '2026-11-28T09:00:00.000Z-0000-0000000000000013', NULL, 'province', '省科技厅', '13', 1)`,
      [uuidv7()],
    );
    serverKey = (await server.app.inject({ method: 'GET', url: '/v1/server-keys' })).json().keys[0].publicKey;
  });

  async function pages(device: Enrolled, limit: number) {
    const seen: { county: string; entity: string }[] = [];
    let after = 0;
    let rounds = 0;
    for (;;) {
      const res = await pull(server, device, `?after=${after}&limit=${limit}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      const decoded = await decodePackage(utf8Encode(page.package), { maxBytes: 1 << 22, publicKey: serverKey });
      if (!decoded.ok) throw new Error(decoded.detail);
      expect(decoded.pkg.header).toMatchObject({ kind: 'return', device: device.id, cursor: { from: String(after), to: String(page.cursor) } });
      seen.push(...decoded.pkg.body.ops.map((o) => ({ county: o.county, entity: o.entity })));
      after = page.cursor;
      rounds++;
      if (!page.hasMore) return { seen, rounds, after };
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

  it('returns an empty page at the end, with the cursor unchanged', async () => {
    const { after } = await pages(a, 1000);
    const res = await pull(server, a, `?after=${after}`);
    expect(res.json()).toMatchObject({ cursor: after, hasMore: false, count: 0 });
  });

  it('refuses unsigned, badly signed, skewed and revoked requests with their own codes', async () => {
    const unsigned = await server.app.inject({ method: 'GET', url: '/v1/changes?after=0' });
    expect([unsigned.statusCode, unsigned.json().code]).toEqual([401, 'device-auth-missing']);
    const otherQuery = await pull(server, a, '?after=0', (h) => {
      h['x-linkdesk-device'] = a2.id;
    });
    expect([otherQuery.statusCode, otherQuery.json().code]).toEqual([401, 'bad-signature']);
    const skewed = await pull(server, a, '?after=0', (h) => {
      h['x-linkdesk-time'] = '2020-01-01T00:00:00.000Z';
    });
    expect([skewed.statusCode, skewed.json().code]).toEqual([401, 'clock-skew']);
    const badLimit = await pull(server, a, '?after=0&limit=0');
    expect([badLimit.statusCode, badLimit.json().code]).toEqual([400, 'invalid-request']);
    await server.app.inject({ method: 'POST', url: `/v1/admin/devices/${a2.id}/revoke`, headers: adminHeaders });
    const revoked = await pull(server, a2, '?after=0');
    expect([revoked.statusCode, revoked.json().code]).toEqual([403, 'device-revoked']);
  });
});
