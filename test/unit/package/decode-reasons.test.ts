import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '@shared/crypto/canonical-json';
import { utf8Encode } from '@shared/crypto/encoding';
import {
  type PackageBody,
  type PackageHeader,
  PACKAGE_FORMAT,
  decodePackage,
  sealPackage,
} from '@shared/package/package';
import { REASON_CODES, REASON_MESSAGES } from '@shared/package/reasons';
import { type HeaderFields, sealDocument } from '@shared/package/signed-document';
import { encodeReceipt } from '@shared/package/receipt';
import { changesHeader, demandOps } from './make-ops';
import { freshSigner } from './keys';

const MAX = 1 << 20;

async function validPackage() {
  const { signer, pair } = await freshSigner('Ed25519');
  const sealed = await sealPackage({ header: changesHeader(), body: { ops: demandOps(4), attachments: [] } }, signer);
  return { signer, pair, sealed };
}

/** Re-serialises an edited envelope canonically, so only the edit itself can be the reason for refusal. */
function edited(
  bytes: Uint8Array,
  edit: (envelope: {
    header: Record<string, unknown>;
    body: Record<string, unknown>;
    digest: string;
    signature: string;
  }) => void,
): Uint8Array {
  const envelope = JSON.parse(new TextDecoder().decode(bytes)) as Parameters<typeof edit>[0];
  edit(envelope);
  return canonicalBytes(envelope);
}

describe('decodePackage refuses with a specific reason', () => {
  it('TOO_LARGE before parsing anything (even garbage)', async () => {
    const { sealed, pair } = await validPackage();
    const r = await decodePackage(sealed.bytes, { maxBytes: sealed.bytes.length - 1, publicKey: pair.publicKey });
    expect(!r.ok && r.reason).toBe('TOO_LARGE');
    const garbage = new Uint8Array(100).fill(0xff);
    expect(await decodePackage(garbage, { maxBytes: 99, publicKey: pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'TOO_LARGE',
    });
    expect((await decodePackage(sealed.bytes, { maxBytes: sealed.bytes.length, publicKey: pair.publicKey })).ok).toBe(
      true,
    );
  });

  it.each([
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['not JSON', utf8Encode('LinkDesk package')],
    ['a JSON array', utf8Encode('[]')],
    ['an object missing the signature', utf8Encode('{"body":{},"digest":"","header":{}}')],
    ['an extra top-level member', utf8Encode('{"body":{},"digest":"","extra":1,"header":{},"signature":""}')],
    ['empty', new Uint8Array()],
  ])('MALFORMED: %s', async (_name, bytes) => {
    expect(await decodePackage(bytes, { maxBytes: MAX, publicKey: 'x' })).toMatchObject({
      ok: false,
      reason: 'MALFORMED',
    });
  });

  it('MALFORMED: a truncated file, at every length', async () => {
    const { sealed, pair } = await validPackage();
    for (let n = 0; n < sealed.bytes.length; n += 13) {
      const r = await decodePackage(sealed.bytes.subarray(0, n), { maxBytes: MAX, publicKey: pair.publicKey });
      expect(!r.ok && r.reason).toBe('MALFORMED');
    }
  });

  it('NON_CANONICAL: pretty-printed, trailing newline, reordered members, escaped slash', async () => {
    const { sealed, pair } = await validPackage();
    const text = new TextDecoder().decode(sealed.bytes);
    const variants = [
      JSON.stringify(JSON.parse(text), null, 2),
      text + '\n',
      text.replace(/^\{"body":(.*),"digest":("[0-9a-f]{64}"),/, '{"digest":$2,"body":$1,'),
      text.replace('"linkdesk.package"', '"linkdesk.package"').replace(/"appVersion":"0.1.0"/, '"appVersion":"0.1.0" '),
      text.replace('"schemaVersion":1,', '"schemaVersion":1.0,'),
      text.replace('"李梅"', '"\\u674e梅"'),
      // A repeated member: JSON.parse keeps the last one, so the text cannot be canonical.
      text.replace('"kind":"changes"', '"kind":"return","kind":"changes"'),
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(text);
      const r = await decodePackage(utf8Encode(variant), { maxBytes: MAX, publicKey: pair.publicKey });
      expect(!r.ok && r.reason).toBe('NON_CANONICAL');
    }
  });

  it('MALFORMED: a byte-order mark in front (not JSON)', async () => {
    const { sealed, pair } = await validPackage();
    const r = await decodePackage(new Uint8Array([0xef, 0xbb, 0xbf, ...sealed.bytes]), {
      maxBytes: MAX,
      publicKey: pair.publicKey,
    });
    expect(!r.ok && r.reason).toBe('MALFORMED');
  });

  it('UNKNOWN_FORMAT: a receipt handed to the package reader, or any other format id', async () => {
    const { signer, pair } = await freshSigner('Ed25519');
    const receipt = await encodeReceipt(
      {
        packageId: changesHeader().packageId,
        device: 'd',
        county: '130132',
        seq: 1,
        digest: 'ab'.repeat(32),
        status: 'accepted',
        cursor: '9',
        serverTime: '2026-11-28T20:30:01.000Z',
        counts: { ops: 1, attachments: 0 },
      },
      signer,
    );
    expect(await decodePackage(receipt, { maxBytes: MAX, publicKey: pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_FORMAT',
    });
    const other = await sealDocument({ format: 'odk.submission', version: 1 }, {}, signer);
    expect(await decodePackage(other.bytes, { maxBytes: MAX, publicKey: pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_FORMAT',
    });
  });

  it('UNSUPPORTED_VERSION: a validly signed version 2 package', async () => {
    const { signer, pair } = await freshSigner('Ed25519');
    const fields = { ...changesHeader(), format: PACKAGE_FORMAT, version: 2, counts: { ops: 0, attachments: 0 } };
    const v2 = await sealDocument(fields, { ops: [], attachments: [] }, signer);
    const r = await decodePackage(v2.bytes, { maxBytes: MAX, publicKey: pair.publicKey });
    expect(r).toMatchObject({ ok: false, reason: 'UNSUPPORTED_VERSION' });
    expect(!r.ok && r.message.zh).toContain('升级');
  });

  it('UNKNOWN_ALG: an algorithm we do not implement, or a digest that does not pair with the signature algorithm', async () => {
    const { sealed, pair } = await validPackage();
    for (const [field, value] of [
      ['alg', 'ECDSA-P256'],
      ['digestAlg', 'SHA-1'],
      ['digestAlg', 'SM3'],
    ] as const) {
      const bytes = edited(sealed.bytes, (e) => {
        e.header[field] = value;
      });
      expect(await decodePackage(bytes, { maxBytes: MAX, publicKey: pair.publicKey })).toMatchObject({
        ok: false,
        reason: 'UNKNOWN_ALG',
      });
    }
  });

  it('DIGEST_MISMATCH: content changed and re-serialised canonically', async () => {
    const { sealed, pair } = await validPackage();
    const bytes = edited(sealed.bytes, (e) => {
      (e.body.ops as Record<string, unknown>[])[0]!.value = '篡改后的标题';
    });
    expect(await decodePackage(bytes, { maxBytes: MAX, publicKey: pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'DIGEST_MISMATCH',
    });
  });

  it('UNKNOWN_KEY when the resolver knows no key; BAD_SIGNATURE with another device’s key', async () => {
    const { sealed } = await validPackage();
    const other = await freshSigner('Ed25519');
    expect(await decodePackage(sealed.bytes, { maxBytes: MAX, resolvePublicKey: () => null })).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_KEY',
    });
    expect(await decodePackage(sealed.bytes, { maxBytes: MAX })).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
    expect(await decodePackage(sealed.bytes, { maxBytes: MAX, publicKey: other.pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    const sm2 = await freshSigner('SM2-SM3');
    expect(await decodePackage(sealed.bytes, { maxBytes: MAX, publicKey: sm2.pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('the resolver is asked with the key id, algorithm and claimed header (so it can bind the key to the device)', async () => {
    const { sealed, pair, signer } = await validPackage();
    const asked: unknown[] = [];
    const r = await decodePackage(sealed.bytes, {
      maxBytes: MAX,
      resolvePublicKey: ({ keyId, alg, header }) => {
        asked.push([keyId, alg, header.device]);
        return pair.publicKey;
      },
    });
    expect(r.ok).toBe(true);
    expect(asked).toEqual([[signer.keyId, 'Ed25519', 'dev-130132-01']]);
  });

  it('COUNT_MISMATCH and OP_DEVICE_MISMATCH even when validly signed', async () => {
    const { signer, pair } = await freshSigner('Ed25519');
    const fields: HeaderFields<PackageHeader> = {
      ...changesHeader(),
      format: PACKAGE_FORMAT,
      version: 1,
      counts: { ops: 5, attachments: 0 },
    };
    const body: PackageBody = { ops: demandOps(4), attachments: [] };
    const wrongCount = await sealDocument<PackageHeader, PackageBody>(fields, body, signer);
    expect(await decodePackage(wrongCount.bytes, { maxBytes: MAX, publicKey: pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'COUNT_MISMATCH',
    });
    const foreign = await sealDocument<PackageHeader, PackageBody>(
      { ...fields, counts: { ops: 1, attachments: 0 } },
      { ops: demandOps(1, { device: 'dev-2' }), attachments: [] },
      signer,
    );
    expect(await decodePackage(foreign.bytes, { maxBytes: MAX, publicKey: pair.publicKey })).toMatchObject({
      ok: false,
      reason: 'OP_DEVICE_MISMATCH',
    });
  });

  it('every reason has a Chinese and an English message', () => {
    for (const code of REASON_CODES) {
      expect(REASON_MESSAGES[code].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(REASON_MESSAGES[code].en.length).toBeGreaterThan(10);
    }
  });
});
