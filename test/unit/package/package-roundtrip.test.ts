import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '@shared/crypto/canonical-json';
import { digest as computeDigest } from '@shared/crypto/digest';
import { toBase64url, toHex, utf8Encode } from '@shared/crypto/encoding';
import { SIGNATURE_ALGS, type Signer, type Verifier } from '@shared/crypto/signing';
import { softwareVerifier } from '@shared/crypto/software-keys';
import { sm2SignatureToDer } from '@shared/crypto/sm2';
import { sha256 } from '@shared/crypto/digest';
import {
  type PackageBody,
  type PackageHeaderInput,
  PACKAGE_FORMAT,
  PackageEncodeError,
  decodePackage,
  encodePackage,
  sealPackage,
} from '@shared/package/package';
import { nextLink } from '@shared/package/chain';
import { changesHeader, demandOps } from './make-ops';
import { freshSigner } from './keys';

const MAX = 4 * 1024 * 1024;

describe.each(SIGNATURE_ALGS)('package round trip with %s', (alg) => {
  it('decodes exactly what was encoded, with counts filled in and the digest over {body, header}', async () => {
    const { signer, pair } = await freshSigner(alg);
    const photo = utf8Encode('（照片字节）');
    const body: PackageBody = {
      ops: demandOps(12),
      attachments: [
        {
          sha256: toHex(sha256(photo)),
          size: photo.length,
          mime: 'image/jpeg',
          name: '现场照片.jpg',
          data: toBase64url(photo),
        },
        { sha256: 'ab'.repeat(32), size: 1_500_000, mime: 'application/pdf', name: '合同.pdf' },
      ],
    };
    const sealed = await sealPackage({ header: changesHeader(), body }, signer);
    const decoded = await decodePackage(sealed.bytes, { maxBytes: MAX, publicKey: pair.publicKey });
    if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.detail}`);
    expect(decoded.digest).toBe(sealed.digest);
    expect(decoded.pkg.body).toEqual(body);
    expect(decoded.pkg.header).toMatchObject({
      format: PACKAGE_FORMAT,
      version: 1,
      alg,
      keyId: signer.keyId,
      counts: { ops: 12, attachments: 2 },
    });
    expect(decoded.pkg.header.digestAlg).toBe(alg === 'Ed25519' ? 'SHA-256' : 'SM3');
    // The spec, independently: digest = H(canonical {body, header}); file = canonical of the whole envelope.
    const h = decoded.pkg.header;
    expect(toHex(computeDigest(h.digestAlg, canonicalBytes({ header: h, body })))).toBe(sealed.digest);
    const parsed = JSON.parse(new TextDecoder().decode(sealed.bytes)) as Record<string, unknown>;
    expect(canonicalBytes(parsed)).toEqual(sealed.bytes);
    expect(await encodePackage({ header: changesHeader(), body }, signer)).toHaveLength(sealed.bytes.length);
  });

  it('chains packages: seq 2 carries the digest of seq 1', async () => {
    const { signer, pair } = await freshSigner(alg);
    const first = await sealPackage({ header: changesHeader(), body: { ops: demandOps(2), attachments: [] } }, signer);
    const link = nextLink({ seq: 1, digest: first.digest });
    const second = await sealPackage(
      {
        header: changesHeader(link.seq, link.prevDigest),
        body: { ops: demandOps(2, { startAt: 2 }), attachments: [] },
      },
      signer,
    );
    const decoded = await decodePackage(second.bytes, { maxBytes: MAX, publicKey: pair.publicKey });
    expect(decoded.ok && decoded.pkg.header.prevDigest).toBe(first.digest);
  });
});

describe('return packages (server → device)', () => {
  it('carry a cursor range and no chain, may hold other devices’ ops, and verify with the server key', async () => {
    const server = await freshSigner('Ed25519');
    const header: PackageHeaderInput = {
      ...changesHeader(),
      kind: 'return',
      seq: null,
      prevDigest: null,
      cursor: { from: '1200', to: '1300' },
    };
    const body = { ops: demandOps(3, { device: 'dev-130132-02' }), attachments: [] };
    const sealed = await sealPackage({ header, body }, server.signer);
    const decoded = await decodePackage(sealed.bytes, { maxBytes: MAX, publicKey: server.pair.publicKey });
    expect(decoded.ok && decoded.pkg.header.cursor).toEqual({ from: '1200', to: '1300' });
  });

  it('refuses a return package with a chain or a changes package with a cursor', async () => {
    const { signer } = await freshSigner('Ed25519');
    const badReturn = { ...changesHeader(), kind: 'return' as const, cursor: { from: '1', to: '2' } };
    await expect(sealPackage({ header: badReturn, body: { ops: [], attachments: [] } }, signer)).rejects.toThrow(
      /return package/,
    );
    const badChanges = { ...changesHeader(), cursor: { from: '1', to: '2' } };
    await expect(sealPackage({ header: badChanges, body: { ops: [], attachments: [] } }, signer)).rejects.toThrow(
      /cursor must be null/,
    );
  });
});

describe('the encoder refuses to write what a reader would refuse', () => {
  it.each([
    ['seq 1 with a prevDigest', { ...changesHeader(1, 'ab'.repeat(32)) }, 'MALFORMED'],
    ['seq 2 without a prevDigest', { ...changesHeader(2, null) }, 'MALFORMED'],
    ['a package id that is not a UUID', { ...changesHeader(), packageId: 'pkg-1' }, 'MALFORMED'],
    ['a county that is not a GB/T 2260 code', { ...changesHeader(), county: '石家庄' }, 'MALFORMED'],
    ['a createdAt that is not ISO UTC millis', { ...changesHeader(), createdAt: '2026-11-28 20:30' }, 'MALFORMED'],
  ])('%s', async (_name, header, reason) => {
    const { signer } = await freshSigner('Ed25519');
    const error = await sealPackage({ header, body: { ops: demandOps(1), attachments: [] } }, signer).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PackageEncodeError);
    expect((error as PackageEncodeError).rejection.reason).toBe(reason);
  });

  it('an op from another device (OP_DEVICE_MISMATCH) and an inline attachment whose bytes do not match (ATTACHMENT_MISMATCH)', async () => {
    const { signer } = await freshSigner('Ed25519');
    const foreign = await sealPackage(
      { header: changesHeader(), body: { ops: demandOps(2, { device: 'someone-else' }), attachments: [] } },
      signer,
    ).catch((e: unknown) => e);
    expect((foreign as PackageEncodeError).rejection.reason).toBe('OP_DEVICE_MISMATCH');
    const wrong = {
      sha256: '00'.repeat(32),
      size: 3,
      mime: 'text/plain',
      name: 'a.txt',
      data: toBase64url(utf8Encode('abc')),
    };
    const mismatch = await sealPackage(
      { header: changesHeader(), body: { ops: [], attachments: [wrong] } },
      signer,
    ).catch((e: unknown) => e);
    expect((mismatch as PackageEncodeError).rejection.reason).toBe('ATTACHMENT_MISMATCH');
  });

  it('an op with an undefined member is refused instead of silently dropped', async () => {
    const { signer } = await freshSigner('Ed25519');
    const op = { ...demandOps(1)[0]!, source: undefined };
    await expect(
      sealPackage({ header: changesHeader(), body: { ops: [op], attachments: [] } }, signer),
    ).rejects.toThrow(/UNDEFINED/);
  });

  it('an op of an unknown entity or with a malformed HLC', async () => {
    const { signer } = await freshSigner('Ed25519');
    const [op] = demandOps(1);
    for (const bad of [
      { ...op!, entity: 'invoice' },
      { ...op!, hlc: '2026-11-28T20:14:30Z' },
    ]) {
      const error = await sealPackage(
        { header: changesHeader(), body: { ops: [bad as typeof op & object], attachments: [] } },
        signer,
      ).catch((e: unknown) => e);
      expect((error as PackageEncodeError).rejection.reason).toBe('MALFORMED');
    }
  });
});

describe('crypto agility: a certified module can stand in for the software keys', () => {
  it('an SM2 module that returns DER signatures, and a verifier that is not ours, both work through the interfaces', async () => {
    const { signer, pair } = await freshSigner('SM2-SM3');
    const moduleSigner: Signer = {
      alg: signer.alg,
      keyId: 'card-0001',
      publicKey: signer.publicKey,
      sign: async (m) => sm2SignatureToDer(await signer.sign(m)),
    };
    const sealed = await sealPackage(
      { header: changesHeader(), body: { ops: demandOps(2), attachments: [] } },
      moduleSigner,
    );
    expect(JSON.parse(new TextDecoder().decode(sealed.bytes))).toMatchObject({ header: { keyId: 'card-0001' } });
    const calls: [string, number, number][] = [];
    const moduleVerifier: Verifier = {
      verify: async (alg, publicKey, message, signature) => {
        calls.push([alg, message.length, signature.length]);
        return softwareVerifier.verify(alg, publicKey, message, signature);
      },
    };
    const decoded = await decodePackage(sealed.bytes, {
      maxBytes: MAX,
      verifier: moduleVerifier,
      resolvePublicKey: ({ keyId }) => (keyId === 'card-0001' ? pair.publicKey : null),
    });
    expect(decoded.ok).toBe(true);
    expect(calls).toEqual([['SM2-SM3', 32, 64]]);
  });
});
