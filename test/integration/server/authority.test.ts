// The server is the authority: status moves by the office level of the device's certificate, reasons for 退回/关闭,
// text PostgreSQL can hold, and the record-level rules, each refused with its own code, quarantined, never a 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type Op } from '@shared/change';
import { databaseKinds } from '../../support/postgres';
import { COUNTY, enrolDevice, op, pack, post, type Enrolled } from './devices';
import { useServer, type ServerHarness } from './harness';

const CITY = '130100'; // 石家庄市, the city of COUNTY (正定县 130123)
const TOWNSHIP = '130123001';
const OTHER_TOWNSHIP = '130104001';

/** A device with its chain head, so tests can send packages in order and refused ones do not consume a seq. */
interface Sender extends Enrolled {
  seq: number;
  prev: string | null;
}

async function sender(server: ServerHarness, id: string, level?: 'city'): Promise<Sender> {
  const device = await enrolDevice(server, id);
  // A city office of COUNTY's city. Its certificate's level and scope are what the server reads from devices.
  if (level) await server.pool.query(`UPDATE devices SET level = $2, scope = $3 WHERE id = $1`, [id, level, CITY]);
  // The city's editor works after the county's (its HLCs come later, as after a pull).
  return { ...device, tick: level ? 600 : 0, seq: 0, prev: null };
}

/** A complete demand of COUNTY, in draft, as one save's ops. */
function demandOps(d: Sender, recordId: string, values: Record<string, Op['value'] | undefined> = {}): Op[] {
  const all: Record<string, Op['value'] | undefined> = {
    enterprise: uuidv7(),
    name: '秸秆还田机械改进',
    problem: '秸秆粉碎不均匀。',
    keywords: ['秸秆', '农机'],
    techField: 'resources_environment',
    source: 'enterprise_filed',
    status: 'draft',
    county: COUNTY,
    township: TOWNSHIP,
    ...values,
  };
  return Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([field, value]) => op(d, recordId, field, value!, { entity: 'demand' }));
}

async function counts(server: ServerHarness): Promise<{ ops: number; packages: number }> {
  const { rows } = await server.pool.query(
    `SELECT (SELECT count(*)::int FROM ops) AS ops, (SELECT count(*)::int FROM packages) AS packages`,
  );
  return rows[0];
}

async function status(server: ServerHarness, recordId: string): Promise<unknown> {
  const { rows } = await server.pool.query(
    `SELECT fields -> 'status' ->> 'value' AS s FROM records WHERE record_id = $1`,
    [recordId],
  );
  return rows[0]?.s;
}

describe.each(databaseKinds())('server authority on %s PostgreSQL', (kind) => {
  const server = useServer(kind);
  let county: Sender;
  let city: Sender;

  beforeAll(async () => {
    county = await sender(server, `auth-county-${kind}`);
    city = await sender(server, `auth-city-${kind}`, 'city');
  });

  async function accepted(d: Sender, ops: Op[]): Promise<void> {
    const p = await pack(d, d.seq + 1, d.prev, ops);
    const res = await post(server, p.bytes);
    expect(res.statusCode, res.body).toBe(200);
    d.seq += 1;
    d.prev = p.digest;
  }

  /** Refused with `code`: nothing applied, the bytes quarantined with that reason, the seq not consumed. */
  async function refused(d: Sender, ops: Op[], code: string): Promise<Record<string, unknown>> {
    const before = await counts(server);
    const p = await pack(d, d.seq + 1, d.prev, ops);
    const res = await post(server, p.bytes);
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ code, message: { zh: expect.any(String), en: expect.any(String) } });
    expect(await counts(server)).toEqual(before);
    const q = (await server.pool.query('SELECT reason, raw, device, seq FROM quarantine ORDER BY id DESC LIMIT 1'))
      .rows[0];
    expect(q).toMatchObject({ reason: code, device: d.id, seq: d.seq + 1 });
    expect(Buffer.from(q.raw).equals(Buffer.from(p.bytes))).toBe(true);
    return body;
  }

  /** One status move as an editor makes it: based on the status op it saw. */
  const move = (d: Sender, recordId: string, seen: Op, to: string, extra: Partial<Op> = {}) =>
    op(d, recordId, 'status', to, { entity: 'demand', baseHlc: seen.hlc, ...extra });
  const note = (d: Sender, recordId: string, text: string) => op(d, recordId, 'reviewNote', text, { entity: 'demand' });

  it('a county device pushing status solved from draft is refused (status-not-allowed), naming the op', async () => {
    const id = uuidv7();
    const create = demandOps(county, id);
    await accepted(county, create);
    const draft = create.find((o) => o.field === 'status')!;
    const jump = move(county, id, draft, 'solved');
    const body = await refused(county, [jump], 'status-not-allowed');
    expect(body.problems).toEqual([
      expect.objectContaining({ index: 0, opId: jump.opId, recordId: id, code: 'STATUS_TRANSITION_NOT_ALLOWED' }),
    ]);
    expect(await status(server, id)).toBe('draft');
  });

  it('reported → returned is refused for a county device and accepted for a city device, with its reason', async () => {
    const id = uuidv7();
    const create = demandOps(county, id);
    const verified = move(
      county,
      id,
      create.find((o) => o.field === 'status')!,
      'county_verified',
    );
    const reported = move(county, id, verified, 'reported');
    await accepted(county, [...create, verified, reported]);
    expect(await status(server, id)).toBe('reported');

    const byCounty = await refused(
      county,
      [move(county, id, reported, 'returned'), note(county, id, '材料不全')],
      'status-not-allowed',
    );
    expect(byCounty.problems).toEqual([expect.objectContaining({ code: 'STATUS_ROLE_NOT_ALLOWED' })]);

    // The city's editor saw the county's op (pulled): its base is found in the op log.
    await accepted(city, [move(city, id, reported, 'returned'), note(city, id, '材料不全，请补充')]);
    expect(await status(server, id)).toBe('returned');
  });

  it('a county organises 对接 locally: reported → matching → matched → project_approved → solved is accepted', async () => {
    const id = uuidv7();
    const create = demandOps(county, id);
    const moves: Op[] = [];
    let seen = create.find((o) => o.field === 'status')!;
    for (const to of ['county_verified', 'reported', 'matching', 'matched', 'project_approved', 'solved']) {
      seen = move(county, id, seen, to);
      moves.push(seen);
    }
    await accepted(county, [...create, ...moves]);
    expect(await status(server, id)).toBe('solved');
  });

  it('a move to 关闭 without a reason in the same package is refused (status-reason-required)', async () => {
    const id = uuidv7();
    const create = demandOps(county, id);
    await accepted(county, create);
    const draft = create.find((o) => o.field === 'status')!;
    const body = await refused(county, [move(county, id, draft, 'closed')], 'status-reason-required');
    expect(body.problems).toEqual([expect.objectContaining({ code: 'STATUS_REASON_REQUIRED', field: 'status' })]);
    await accepted(county, [move(county, id, draft, 'closed'), note(county, id, '企业已撤回需求')]);
    expect(await status(server, id)).toBe('closed');
  });

  it('concurrent legal moves from one base still merge, and the loser is kept as a conflict', async () => {
    const id = uuidv7();
    const create = demandOps(county, id);
    const verified = move(
      county,
      id,
      create.find((o) => o.field === 'status')!,
      'county_verified',
    );
    const reported = move(county, id, verified, 'reported');
    await accepted(county, [...create, verified, reported]);
    await accepted(county, [move(county, id, reported, 'matching')]);
    // The city never saw 对接中: it returns the demand from 已上报, a legal move for a city.
    await accepted(city, [move(city, id, reported, 'returned'), note(city, id, '重复申报')]);
    const { rows } = await server.pool.query(`SELECT field FROM conflicts WHERE record_id = $1`, [id]);
    expect(rows.map((r) => r.field)).toContain('status');
  });

  it('a NUL in a text is refused (bad-text) and quarantined, not a 500', async () => {
    const body = await refused(county, demandOps(county, uuidv7(), { name: '含\u0000空字符' }), 'bad-text');
    expect(body.problems).toEqual([expect.objectContaining({ field: 'name', code: 'CONTROL_CHARACTER' })]);
  });

  it('a NUL in a field this server does not know (parked, not validated) is refused too', async () => {
    const id = uuidv7();
    const ops = [...demandOps(county, id), op(county, id, 'futureField', { x: 'a\u0000' }, { entity: 'demand' })];
    await refused(county, ops, 'bad-text');
  });

  it('a package with a lone surrogate is refused and quarantined, not a 500', async () => {
    const p = await pack(county, county.seq + 1, county.prev, demandOps(county, uuidv7(), { name: 'LONEMARK' }));
    // A forged client writes the escape into the signed bytes (a canonical encoder never would).
    const text = Buffer.from(p.bytes).toString('utf8').replace('LONEMARK', '\\ud800');
    const res = await post(server, text);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const q = (await server.pool.query('SELECT reason FROM quarantine ORDER BY id DESC LIMIT 1')).rows[0];
    expect(q.reason).toBe(res.json().code);
  });

  it('a demand whose county field is another county is refused (record-invalid), though its ops name the device county', async () => {
    const body = await refused(
      county,
      demandOps(county, uuidv7(), { county: '130302', township: undefined }),
      'record-invalid',
    );
    expect(body.problems).toEqual([expect.objectContaining({ field: 'county', code: 'RECORD_COUNTY_OUT_OF_SCOPE' })]);
  });

  it('a city device may not file a demand of its city under another county than the one its ops carry', async () => {
    const body = await refused(
      city,
      demandOps(city, uuidv7(), { county: '130104', township: OTHER_TOWNSHIP }),
      'record-invalid',
    );
    expect(body.problems).toEqual([expect.objectContaining({ field: 'county', code: 'RECORD_COUNTY_MISMATCH' })]);
  });

  it('a draft may lack required fields, but verifying it without them is refused (record-invalid)', async () => {
    const id = uuidv7();
    const create = demandOps(county, id, { problem: undefined, keywords: undefined });
    await accepted(county, create);
    const body = await refused(
      county,
      [
        move(
          county,
          id,
          create.find((o) => o.field === 'status')!,
          'county_verified',
        ),
      ],
      'record-invalid',
    );
    expect(body.problems).toEqual([expect.objectContaining({ field: 'status', code: 'REQUIRED_TO_VERIFY' })]);
    expect(await status(server, id)).toBe('draft');
  });

  it('a township of another county is refused (record-invalid)', async () => {
    const body = await refused(county, demandOps(county, uuidv7(), { township: OTHER_TOWNSHIP }), 'record-invalid');
    expect(body.problems).toEqual([expect.objectContaining({ field: 'township', code: 'TOWNSHIP_NOT_IN_COUNTY' })]);
  });

  it('after all those refusals the county device still syncs its next package', async () => {
    await accepted(county, demandOps(county, uuidv7()));
  });
});
