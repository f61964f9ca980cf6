// One PC of a county behind one NAT address must not use up the county's per-IP allowance: pushes are limited per
// enrolled device too. The count starts only once a package's signature verified, so a forged device id costs the
// real device nothing; a device over its limit gets 429 (retryable), with nothing applied and nothing quarantined.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { databaseKinds } from '../../support/postgres';
import { enrolDevice, op, pack, post } from '../server/devices';
import { useServer } from '../server/harness';

const DEVICE_MAX = 3;

describe.each(databaseKinds())('pushes per device on %s PostgreSQL', (kind) => {
  const server = useServer(kind, { deviceMax: DEVICE_MAX });

  it(`answers a device's package past ${DEVICE_MAX} a window with 429, nothing applied or quarantined; others go on`, async () => {
    const busy = await enrolDevice(server, `dev-busy-${kind}`);
    const quiet = await enrolDevice(server, `dev-quiet-${kind}`);
    const quarantined = async (): Promise<number> =>
      (await server.pool.query('SELECT count(*)::int AS n FROM quarantine')).rows[0].n;
    const before = await quarantined();

    // A forger claiming the busy device's id: refused as a bad signature, and it does not count against the device.
    const forger = await createSigner(await generateKeyPair('Ed25519'));
    for (let i = 0; i < DEVICE_MAX + 2; i++) {
      const forged = await pack(busy, 1, null, [op(busy, uuidv7(), 'name', '伪造')], forger);
      expect((await post(server, forged.bytes)).statusCode).not.toBe(429);
    }

    const codes: number[] = [];
    let prev: string | null = null;
    for (let seq = 1; seq <= DEVICE_MAX + 2; seq++) {
      const p = await pack(busy, seq, prev, [op(busy, uuidv7(), 'name', `企业${seq}`)]);
      const res = await post(server, p.bytes);
      codes.push(res.statusCode);
      if (res.statusCode === 200) prev = p.digest;
      else expect(res.json().code).toBe('rate-limited');
    }
    expect(codes).toEqual([...Array<number>(DEVICE_MAX).fill(200), 429, 429]);

    const applied = await server.pool.query('SELECT last_seq FROM devices WHERE id = $1', [busy.id]);
    expect(applied.rows[0].last_seq).toBe(DEVICE_MAX);
    // The forged packages left bounded records; the throttled genuine ones left none.
    expect((await quarantined()) - before).toBe(DEVICE_MAX + 2);

    const other = await pack(quiet, 1, null, [op(quiet, uuidv7(), 'name', '另一台电脑')]);
    expect((await post(server, other.bytes)).statusCode).toBe(200);
  });
});
