/** The headless device client as staff and scripts run it: child processes, real files, a real HTTP socket. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { decodeEnrolmentRequest, sealDeviceCert } from '@shared/package';
import { cli } from './support/cli';
import { startHttpReference, type HttpReference } from './support/http-reference-server';

const demand = (n: number): Record<string, unknown> => ({
  enterprise: '0190a1b2-c3d4-7000-8000-000000000001',
  name: `秸秆综合利用（${n}）`,
  problem: '能耗偏高，需要节能降耗新工艺',
  keywords: ['节能'],
  techField: 'electronic_info',
});

let dir: string;
let ref: HttpReference;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linkdesk-cli-'));
  ref = await startHttpReference();
});
afterAll(async () => {
  await ref.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run device', () => {
  it('init, add (file and stdin), list, export-package and status, with --json output and exit codes', async () => {
    const home = join(dir, 'a');
    const init = await cli(['init', '--county', '130132', '--operator', '张三', '--home', home, '--json']);
    expect(init.code).toBe(0);
    expect(init.json).toMatchObject({ ok: true, county: '130132' });

    writeFileSync(join(dir, 'd1.json'), JSON.stringify(demand(1)));
    const added = await cli(['add', 'demand', '--json', join(dir, 'd1.json'), '--home', home, '--json']);
    expect(added.code).toBe(0);
    const viaStdin = await cli(['add', 'demand', '--json', '-', '--home', home, '--json'], JSON.stringify(demand(2)));
    expect(viaStdin.code).toBe(0);

    const list = await cli(['list', 'demand', '--home', home, '--json']);
    const records = list.json.records as { id: string; values: Record<string, unknown> }[];
    expect(records.map((r) => r.values.name).sort()).toEqual(['秸秆综合利用（1）', '秸秆综合利用（2）']);
    expect(records.map((r) => r.id)).toContain(added.json.id);

    const status = await cli(['status', '--home', home, '--json']);
    expect(status.json).toMatchObject({
      ok: true,
      county: '130132',
      enrolled: false,
      pendingTotal: 18,
      acknowledgedSeq: 0,
    });

    const out = join(dir, 'a-pending.ldpkg');
    const exported = await cli(['export-package', '--out', out, '--home', home, '--json']);
    expect(exported.code).toBe(0);
    expect((exported.json.files as { seq: number }[]).map((f) => f.seq)).toEqual([1]);
    const file = JSON.parse(readFileSync(out, 'utf8')) as {
      header: { kind: string; seq: number; counts: { ops: number } };
    };
    // 2 records × (5 fields given + county, status, source, trlScale filled in as the form does)
    expect(file.header).toMatchObject({ kind: 'changes', seq: 1, counts: { ops: 18 } });
  }, 120_000);

  it('names the field, code and Chinese message of a validation error (exit 4); usage 2; missing file 3', async () => {
    const home = join(dir, 'b');
    await cli(['init', '--county', '130132', '--operator', '李四', '--home', home]);
    const bad = await cli(
      ['add', 'demand', '--json', '-', '--home', home],
      JSON.stringify({ ...demand(1), techField: '乱填' }),
    );
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('techField [NOT_IN_OPTIONS]');
    expect(bad.stderr).toContain('技术领域');
    expect((await cli(['frobnicate', '--home', home])).code).toBe(2);
    expect((await cli(['list', 'demand'])).code).toBe(2);
    expect((await cli(['import-return', join(dir, 'nope.ldpkg'), '--home', home])).code).toBe(3);
    expect(
      (
        await cli(
          ['update', 'demand', '0190a1b2-c3d4-7000-8000-00000000ffff', '--json', '-', '--home', home],
          '{"name":"x"}',
        )
      ).code,
    ).toBe(3);
  }, 120_000);

  it('enrols with a code, syncs over HTTP, and two devices converge; a server outage is exit 5 with nothing lost', async () => {
    const a = join(dir, 'sync-a');
    const b = join(dir, 'sync-b');
    for (const [home, code] of [
      [a, 'CODE-A'],
      [b, 'CODE-B'],
    ] as const) {
      await cli(['init', '--county', '130132', '--operator', '王五', '--home', home]);
      ref.codes.set(code, '130132');
      const enrolled = await cli(['enroll', '--server', ref.url, '--code', code, '--home', home, '--json']);
      expect(enrolled.json).toMatchObject({ ok: true, enrolled: true });
    }
    await cli(['add', 'demand', '--json', '-', '--home', a], JSON.stringify(demand(1)));
    await cli(['add', 'demand', '--json', '-', '--home', b], JSON.stringify(demand(2)));

    ref.failNext.push(503, 503, 503, 503, 503);
    const down = await cli(['sync', '--server', ref.url, '--home', a, '--json']);
    expect(down.code).toBe(5);
    expect(down.json).toMatchObject({ ok: false, code: 'SERVER_UNAVAILABLE' });
    ref.failNext.length = 0;

    for (const home of [a, b, a])
      expect((await cli(['sync', '--server', ref.url, '--home', home, '--json'])).code).toBe(0);
    const names = async (home: string): Promise<string[]> =>
      ((await cli(['list', 'demand', '--home', home, '--json'])).json.records as { values: { name: string } }[])
        .map((r) => r.values.name)
        .sort();
    expect(await names(a)).toEqual(['秸秆综合利用（1）', '秸秆综合利用（2）']);
    expect(await names(b)).toEqual(await names(a));
    expect(ref.server.log.length).toBe(18);
    const status = await cli(['status', '--home', a, '--json']);
    expect(status.json).toMatchObject({ pendingTotal: 0, acknowledgedSeq: 1, enrolled: true });
  }, 180_000);

  it('USB: export-package, the province imports it, import-return acknowledges it; importing twice changes nothing', async () => {
    const home = join(dir, 'usb');
    await cli(['init', '--county', '130132', '--operator', '赵六', '--home', home]);
    ref.codes.set('CODE-USB', '130132');
    await cli(['enroll', '--server', ref.url, '--code', 'CODE-USB', '--home', home]);
    await cli(['add', 'demand', '--json', '-', '--home', home], JSON.stringify(demand(3)));
    const out = join(dir, 'usb.ldpkg');
    await cli(['export-package', '--out', out, '--home', home]);
    expect((await ref.server.push(new Uint8Array(readFileSync(out)))).status).toBe(200);
    const me = (await cli(['status', '--home', home, '--json'])).json.deviceId as string;
    const returnFile = join(dir, 'usb-return.ldpkg');
    writeFileSync(returnFile, await ref.server.returnPage(me, null, 10_000));
    const first = await cli(['import-return', returnFile, '--home', home, '--json']);
    expect(first.json).toMatchObject({ ok: true, acknowledgedSeq: 1 });
    const afterFirst = await cli(['list', 'demand', '--home', home, '--json']);
    const second = await cli(['import-return', returnFile, '--home', home, '--json']);
    expect(second.code).toBe(0);
    expect((await cli(['list', 'demand', '--home', home, '--json'])).json).toEqual(afterFirst.json);
    expect((await cli(['status', '--home', home, '--json'])).json).toMatchObject({
      pendingTotal: 0,
      acknowledgedSeq: 1,
    });
  }, 180_000);

  it('offline enrolment: enroll-request → the province approves → enroll-accept with the server keys → USB sync', async () => {
    const home = join(dir, 'offline');
    await cli(['init', '--county', '130132', '--operator', '孙七', '--home', home]);
    const requestFile = join(dir, 'offline-request.json');
    expect((await cli(['enroll-request', '--out', requestFile, '--home', home])).code).toBe(0);

    // the province: check the self-signed request, enrol the device, write the certificate and its public keys
    const decoded = await decodeEnrolmentRequest(new Uint8Array(readFileSync(requestFile)));
    if (!decoded.ok) throw new Error(decoded.detail);
    const b = decoded.request.body;
    ref.server.enrol(b.device, b.county, { alg: b.alg, publicKey: b.publicKey, keyId: decoded.request.header.keyId });
    const cert = await sealDeviceCert(
      {
        serial: randomUUID(),
        device: b.device,
        county: b.county,
        alg: b.alg,
        publicKey: b.publicKey,
        notBefore: new Date(Date.now() - 60_000).toISOString(),
        notAfter: new Date(Date.now() + 86_400_000).toISOString(),
      },
      ref.server.signer,
    );
    const certFile = join(dir, 'offline.cert');
    writeFileSync(certFile, cert.bytes);
    const keysFile = join(dir, 'server-keys.json');
    writeFileSync(keysFile, JSON.stringify({ keys: ref.server.keys }));
    const wrongKeys = join(dir, 'wrong-keys.json');
    writeFileSync(wrongKeys, JSON.stringify({ keys: [{ ...ref.server.keys[0]!, publicKey: b.publicKey }] }));

    const refused = await cli(['enroll-accept', certFile, '--server-keys', wrongKeys, '--home', home, '--json']);
    expect(refused.code).toBe(4);
    expect(refused.json).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    const accepted = await cli(['enroll-accept', certFile, '--server-keys', keysFile, '--home', home, '--json']);
    expect(accepted.json).toMatchObject({ ok: true, enrolled: true, serverKeys: 1 });

    await cli(['add', 'demand', '--json', '-', '--home', home], JSON.stringify(demand(7)));
    const out = join(dir, 'offline.ldpkg');
    await cli(['export-package', '--out', out, '--home', home]);
    expect((await ref.server.push(new Uint8Array(readFileSync(out)))).status).toBe(200);
    const returnFile = join(dir, 'offline-return.ldpkg');
    writeFileSync(returnFile, await ref.server.returnPage(b.device, null, 10_000));
    expect((await cli(['import-return', returnFile, '--home', home, '--json'])).json).toMatchObject({
      ok: true,
      acknowledgedSeq: 1,
    });
  }, 180_000);
});
