// verifyFile with the server's keys by role gives the server's verdict (docs/package-format.md §10): what the server
// signs is checked with a server key, what a device signs only with that device's enrolled key.
import { describe, expect, it } from 'vitest';
import { createSigner } from '@shared/crypto/software-keys';
import { sealPackage } from '@shared/package/package';
import { verifyFile, type VerifyKeys } from '@shared/package/verify';
import { sealPullRequest } from '@shared/sync/pull-request';
import { sealReturnPage } from '@shared/sync/return-page';
import { COUNTY, DEVICE, changesHeader, demandOps } from './make-ops';
import { freshSigner } from './keys';

async function world() {
  const server = await freshSigner('Ed25519');
  const d1 = await freshSigner('Ed25519');
  const d3 = await freshSigner('SM2-SM3');
  const devices: Record<string, { alg: 'Ed25519' | 'SM2-SM3'; publicKey: string }> = {
    [DEVICE]: { alg: d1.pair.alg, publicKey: d1.pair.publicKey },
    d3: { alg: d3.pair.alg, publicKey: d3.pair.publicKey },
  };
  const keys: VerifyKeys = {
    serverKey: (keyId) => (keyId === server.signer.keyId ? server.pair.publicKey : null),
    deviceKey: (device) => devices[device] ?? null,
  };
  const page = (signer = server.signer) =>
    sealReturnPage(
      {
        device: DEVICE,
        county: COUNTY,
        from: '0',
        to: '3',
        hasMore: false,
        serverTime: '2026-11-28T20:30:00.000Z',
        ops: demandOps(3),
        receipts: [],
        schemaVersion: 1,
        appVersion: '0.1.0',
      },
      signer,
    );
  return { server, d1, d3, keys, page };
}

describe('verifyFile with the server keys by role', () => {
  it('checks a return page with a server key: the genuine page passes, one the device signed does not', async () => {
    const { d1, keys, page } = await world();
    expect(await verifyFile((await page()).bytes, { keys })).toMatchObject({ ok: true, claimed: { kind: 'return' } });
    expect(await verifyFile((await page(d1.signer)).bytes, { keys })).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_KEY',
    });
  });

  it('checks a changes package only with the enrolled key its keyId names', async () => {
    const { d1, d3, keys } = await world();
    const body = { ops: demandOps(2), attachments: [] };
    const own = await sealPackage({ header: changesHeader(), body }, d1.signer);
    expect(await verifyFile(own.bytes, { keys })).toMatchObject({ ok: true, digest: own.digest });
    // d1's package, signed by d1, but naming d3's key: the server would refuse it.
    const misnamed = await sealPackage({ header: changesHeader(), body }, await createSigner(d1.pair, d3.signer.keyId));
    expect(await verifyFile(misnamed.bytes, { keys })).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
    // Signed by d3 under d3's own id, claiming to be d1's.
    const foreign = await sealPackage({ header: changesHeader(), body }, d3.signer);
    expect(await verifyFile(foreign.bytes, { keys })).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  it('recognises a pull request and checks it with the key of body.device', async () => {
    const { d1, d3, keys } = await world();
    const body = { requestId: '019ad0c4-5e2b-7c3a-9d41-2f6b8e0a1c37', device: DEVICE, after: null, limit: 100 };
    expect(await verifyFile(await sealPullRequest(body, d1.signer), { keys })).toMatchObject({
      ok: true,
      format: 'linkdesk.pull-request',
      claimed: { device: DEVICE, limit: 100 },
    });
    expect(await verifyFile(await sealPullRequest(body, d3.signer), { keys })).toMatchObject({
      ok: false,
      format: 'linkdesk.pull-request',
      reason: 'UNKNOWN_KEY',
    });
  });

  it('holds receipts and other small documents to 64 KiB, packages to 4 MiB', async () => {
    const { keys } = await world();
    const padded = (format: string, size: number) =>
      new TextEncoder().encode(
        `{"body":"${'x'.repeat(size)}","digest":"","header":{"format":"${format}"},"signature":""}`,
      );
    expect(await verifyFile(padded('linkdesk.receipt', 70 * 1024), { keys })).toMatchObject({ reason: 'TOO_LARGE' });
    expect(await verifyFile(padded('linkdesk.package', 70 * 1024), { keys })).not.toMatchObject({
      reason: 'TOO_LARGE',
    });
  });
});
