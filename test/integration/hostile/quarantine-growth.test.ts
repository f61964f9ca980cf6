// Finding: 9 MiB of random bytes POSTed without any credentials were stored whole in the quarantine (up to 16 MiB
// a request). Now only a package that verifies with an enrolled device's key keeps its bytes; everything else leaves
// a bounded record (hash, size, first KiB, time, address), and at most so many such records per minute.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { ingestPackage, QUARANTINE_LIMITS } from '../../../server/src/ingest/ingest';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { databaseKinds } from '../../support/postgres';
import { enrolDevice, op, pack, post } from '../server/devices';
import { useServer, type ServerHarness } from '../server/harness';

const MiB = 1024 * 1024;

/** Bytes the quarantine holds: raw bytes, heads and detail texts (what grows with what clients send). */
async function storedBytes(server: ServerHarness): Promise<number> {
  const { rows } = await server.pool.query<{ n: string | null }>(
    `SELECT sum(coalesce(octet_length(raw), 0) + octet_length(head) + coalesce(octet_length(detail), 0)) AS n FROM quarantine`,
  );
  return Number(rows[0]?.n ?? 0);
}

async function rowCount(server: ServerHarness): Promise<number> {
  return (await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM quarantine')).rows[0]!.n;
}

describe.each(databaseKinds())('quarantine growth on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  it('keeps at most a few KiB per unauthenticated request, whatever its size (bytes stored per MiB sent)', async () => {
    const before = await storedBytes(server);
    let sent = 0;
    for (const size of [3 * MiB, 6 * MiB, 9 * MiB, 100, 0]) {
      const payload = randomBytes(size);
      sent += size;
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/packages',
        headers: { 'content-type': 'application/octet-stream' },
        payload,
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const stored = (await storedBytes(server)) - before;
    // 5 requests, 18 MiB sent: each record holds ≤ 1 KiB of head and ≤ 2 KiB of detail.
    expect(stored).toBeLessThanOrEqual(5 * (QUARANTINE_LIMITS.headBytes + QUARANTINE_LIMITS.detailChars + 8));
    expect(stored / (sent / MiB)).toBeLessThan(1024);
    const rows = (
      await server.pool.query(
        `SELECT raw, size, octet_length(head) AS head, authenticated, source_address FROM quarantine ORDER BY id DESC LIMIT 4`,
      )
    ).rows;
    expect(rows.map((r) => [r.raw, Number(r.size), r.head, r.authenticated])).toEqual([
      [null, 0, 0, false],
      [null, 100, 100, false],
      [null, 6 * MiB, 1024, false],
      [null, 3 * MiB, 1024, false],
    ]);
    expect(rows[0].source_address).toBe('127.0.0.1');
  });

  it('refuses a body beyond twice the package limit unread, leaving no record', async () => {
    const rows = await rowCount(server);
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/packages',
      headers: { 'content-type': 'application/octet-stream' },
      payload: randomBytes(8 * MiB + 1),
    });
    expect([res.statusCode, res.json().code]).toEqual([413, 'body-too-large']);
    expect(await rowCount(server)).toBe(rows);
  });

  it('records at most the per-minute cap of unauthenticated refusals, however many are sent', async () => {
    const keyring = new ServerKeyring(server.pool);
    const cap = 5;
    const { rows } = await server.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quarantine WHERE NOT authenticated AND received_at > now() - interval '1 minute'`,
    );
    const already = rows[0]!.n;
    const before = await storedBytes(server);
    for (let i = 0; i < 20; i++) {
      await expect(
        ingestPackage(server.pool, keyring, randomBytes(64 * 1024), 'http', 4 * MiB, {
          unauthenticatedPerMinute: already + cap,
        }),
      ).rejects.toMatchObject({ code: 'malformed' });
    }
    const after = (
      await server.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM quarantine WHERE NOT authenticated AND received_at > now() - interval '1 minute'`,
      )
    ).rows[0]!.n;
    expect(after).toBe(already + cap);
    // The bound per minute: cap × (head + detail), here for 1.25 MiB sent.
    expect((await storedBytes(server)) - before).toBeLessThanOrEqual(
      cap * (QUARANTINE_LIMITS.headBytes + QUARANTINE_LIMITS.detailChars + 8),
    );
  });

  it('keeps the whole bytes of a refused package that verifies with an enrolled device key', async () => {
    const device = await enrolDevice(server, `growth-${kind}`);
    const gap = await pack(device, 3, 'a'.repeat(64), [op(device, uuidv7(), 'name', '跳号的包')]);
    const res = await post(server, gap.bytes);
    expect([res.statusCode, res.json().code]).toEqual([409, 'seq-gap']);
    const row = (await server.pool.query('SELECT raw, authenticated, device FROM quarantine ORDER BY id DESC LIMIT 1'))
      .rows[0];
    expect(row).toMatchObject({ authenticated: true, device: device.id });
    expect(Buffer.from(gap.bytes).equals(row.raw)).toBe(true);
  });
});
