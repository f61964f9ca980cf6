import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '@shared/crypto/canonical-json';
import { keyIdFor, SIGNATURE_ALGS } from '@shared/crypto/signing';
import { type ReceiptBody, decodeReceipt, encodeReceipt } from '@shared/package/receipt';
import { type DeviceCertBody, decodeDeviceCert, encodeDeviceCert } from '@shared/package/device-cert';
import {
  type EnrolmentBody,
  ENROLMENT_FORMAT,
  decodeEnrolmentRequest,
  encodeEnrolmentRequest,
  sealEnrolmentRequest,
} from '@shared/package/enrolment';
import { verifyFile } from '@shared/package/verify';
import { sealDocument } from '@shared/package/signed-document';
import { sealPackage } from '@shared/package/package';
import { changesHeader, demandOps } from './make-ops';
import { freshSigner } from './keys';

function edit(bytes: Uint8Array, change: (e: { body: Record<string, unknown> }) => void): Uint8Array {
  const envelope = JSON.parse(new TextDecoder().decode(bytes)) as { body: Record<string, unknown> };
  change(envelope);
  return canonicalBytes(envelope);
}

const receiptBody: ReceiptBody = {
  packageId: changesHeader().packageId,
  device: 'dev-130132-01',
  county: '130132',
  seq: 1,
  digest: 'ab'.repeat(32),
  status: 'accepted',
  cursor: '1042',
  serverTime: '2026-11-28T20:30:01.250Z',
  counts: { ops: 4, attachments: 0 },
};

describe.each(SIGNATURE_ALGS)('receipts signed by the server (%s)', (alg) => {
  it('round-trip, and only the server key verifies them', async () => {
    const server = await freshSigner(alg);
    const bytes = await encodeReceipt(receiptBody, server.signer);
    const r = await decodeReceipt(bytes, { publicKey: server.pair.publicKey });
    expect(r.ok && r.receipt.body).toEqual(receiptBody);
    const impostor = await freshSigner(alg);
    expect(await decodeReceipt(bytes, { publicKey: impostor.pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(
      await decodeReceipt(
        edit(bytes, (e) => (e.body.status = 'duplicate')),
        { publicKey: server.pair.publicKey },
      ),
    ).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
  });
});

describe('device certificates', () => {
  it('bind a device key to a device and county for a period, signed by the server', async () => {
    const server = await freshSigner('SM2-SM3');
    const device = await freshSigner('Ed25519');
    const body: DeviceCertBody = {
      serial: '2026-000042',
      device: 'dev-130132-01',
      county: '130132',
      alg: 'Ed25519',
      publicKey: device.pair.publicKey,
      notBefore: '2026-11-01T00:00:00.000Z',
      notAfter: '2029-11-01T00:00:00.000Z',
    };
    const bytes = await encodeDeviceCert(body, server.signer);
    const ok = await decodeDeviceCert(bytes, {
      publicKey: server.pair.publicKey,
      now: new Date('2026-11-28T20:00:00Z'),
    });
    expect(ok.ok && ok.cert.body).toEqual(body);
    expect(
      await decodeDeviceCert(bytes, { publicKey: server.pair.publicKey, now: new Date('2026-10-01T00:00:00Z') }),
    ).toMatchObject({ ok: false, reason: 'CERT_NOT_YET_VALID' });
    expect(
      await decodeDeviceCert(bytes, { publicKey: server.pair.publicKey, now: new Date('2029-11-01T00:00:00Z') }),
    ).toMatchObject({ ok: false, reason: 'CERT_EXPIRED' });
    expect(await decodeDeviceCert(bytes, { publicKey: device.pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('are refused at issue time when the public key does not fit the algorithm or the period is empty', async () => {
    const server = await freshSigner('Ed25519');
    const device = await freshSigner('Ed25519');
    const body: DeviceCertBody = {
      serial: '1',
      device: 'd',
      county: '130132',
      alg: 'SM2-SM3',
      publicKey: device.pair.publicKey,
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
    };
    await expect(encodeDeviceCert(body, server.signer)).rejects.toThrow(/SM2-SM3 public key/);
    await expect(
      encodeDeviceCert({ ...body, alg: 'Ed25519', notAfter: body.notBefore }, server.signer),
    ).rejects.toThrow(/earlier/);
  });
});

describe.each(SIGNATURE_ALGS)('enrolment requests (%s)', (alg) => {
  it('are self-signed by the key they enrol, checkable without any other key', async () => {
    const device = await freshSigner(alg);
    const body: EnrolmentBody = {
      requestId: changesHeader().packageId,
      device: 'dev-130132-01',
      county: '130132',
      alg,
      publicKey: device.pair.publicKey,
      operator: '王磊',
      createdAt: '2026-11-28T09:00:00.000Z',
    };
    const bytes = await encodeEnrolmentRequest(body, device.signer);
    const r = await decodeEnrolmentRequest(bytes);
    expect(r.ok && r.request.body).toEqual(body);
    expect(r.ok && r.request.header.keyId).toBe(keyIdFor(alg, device.pair.publicKey));

    // Swapping in another public key changes the signed content.
    const other = await freshSigner(alg);
    expect(await decodeEnrolmentRequest(edit(bytes, (e) => (e.body.publicKey = other.pair.publicKey)))).toMatchObject({
      ok: false,
      reason: 'DIGEST_MISMATCH',
    });
    // A request validly signed by some other key is a key mismatch, whatever its signature says.
    const foreign = await sealDocument({ format: ENROLMENT_FORMAT, version: 1 }, body, other.signer);
    expect(await decodeEnrolmentRequest(foreign.bytes)).toMatchObject({ ok: false, reason: 'KEY_MISMATCH' });
    // A signer that is not the enrolled key cannot even produce one.
    await expect(sealEnrolmentRequest(body, other.signer)).rejects.toThrow(/signed by the key it enrols/);
  });
});

describe('verifyFile (admin CLI "verify FILE")', () => {
  it('recognises each format and reports the claimed facts, authenticated or not', async () => {
    const device = await freshSigner('Ed25519');
    const pkg = await sealPackage(
      { header: changesHeader(), body: { ops: demandOps(3), attachments: [] } },
      device.signer,
    );
    const good = await verifyFile(pkg.bytes, { publicKey: device.pair.publicKey });
    expect(good).toMatchObject({
      ok: true,
      format: 'linkdesk.package',
      digest: pkg.digest,
      claimed: { kind: 'changes', device: 'dev-130132-01', seq: 1, counts: { ops: 3, attachments: 0 } },
    });

    // One character in the middle of the signature, swapped for another valid base64url character: still a
    // well-formed file, but the signature no longer verifies. (A flipped bit near the end could break the encoding.)
    const tampered = edit(pkg.bytes, (e) => {
      const sig = (e as unknown as { signature: string }).signature;
      (e as unknown as { signature: string }).signature =
        sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    });
    const bad = await verifyFile(tampered, { publicKey: device.pair.publicKey });
    expect(bad).toMatchObject({
      ok: false,
      format: 'linkdesk.package',
      reason: 'BAD_SIGNATURE',
      claimed: { device: 'dev-130132-01' },
    });
    expect(bad.message?.zh).toBeTruthy();

    const receipt = await encodeReceipt(receiptBody, device.signer);
    expect(await verifyFile(receipt, { publicKey: device.pair.publicKey })).toMatchObject({
      ok: true,
      format: 'linkdesk.receipt',
      claimed: { status: 'accepted', seq: 1 },
    });

    expect(await verifyFile(new TextEncoder().encode('hello'))).toMatchObject({
      ok: false,
      format: 'unknown',
      reason: 'MALFORMED',
    });
    expect(await verifyFile(new TextEncoder().encode('{"header":{"format":"x"}}'))).toMatchObject({
      ok: false,
      format: 'x',
      reason: 'UNKNOWN_FORMAT',
    });
  });
});
