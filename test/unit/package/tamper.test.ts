/**
 * Every single-byte change to a package is detected, and the reason matches where the byte was.
 * Two mutations per position: flip the lowest bit (usually a different printable character) and flip bit 5
 * (changes letter case, or turns printable ASCII into a control character).
 */
import { describe, expect, it } from 'vitest';
import { toBase64url, utf8Encode } from '@shared/crypto/encoding';
import { sha256 } from '@shared/crypto/digest';
import { toHex } from '@shared/crypto/encoding';
import { type SignatureAlg } from '@shared/crypto/signing';
import { type ReasonCode } from '@shared/package/reasons';
import { decodePackage, sealPackage } from '@shared/package/package';
import { changesHeader, demandOps } from './make-ops';
import { freshSigner } from './keys';

type Region = 'signature' | 'digest' | 'format' | 'version' | 'alg' | 'signed';

const ALLOWED: Record<Region, ReasonCode[]> = {
  // Any change inside the signature string: a different signature, or not base64url / not 64 bytes / broken JSON.
  signature: ['BAD_SIGNATURE', 'MALFORMED', 'NON_CANONICAL'],
  digest: ['DIGEST_MISMATCH', 'MALFORMED', 'NON_CANONICAL'],
  format: ['UNKNOWN_FORMAT', 'MALFORMED', 'NON_CANONICAL'],
  version: ['UNSUPPORTED_VERSION', 'MALFORMED', 'NON_CANONICAL'],
  alg: ['UNKNOWN_ALG', 'MALFORMED', 'NON_CANONICAL'],
  // Everything else is covered by the digest: changed content, a non-canonical spelling, or no longer JSON.
  signed: ['DIGEST_MISMATCH', 'NON_CANONICAL', 'MALFORMED'],
};

/** Byte ranges of the members whose tampering has its own reason, found in the canonical text. */
function regionsOf(bytes: Uint8Array): (i: number) => Region {
  const text = new TextDecoder().decode(bytes);
  const byteOffset = (charIndex: number): number => utf8Encode(text.slice(0, charIndex)).length;
  const ranges: [Region, number, number][] = [];
  const mark = (region: Region, pattern: RegExp): void => {
    const m = pattern.exec(text);
    if (!m) throw new Error(`no ${region} in the package text`);
    ranges.push([region, byteOffset(m.index), byteOffset(m.index + m[0].length)]);
  };
  mark('signature', /"signature":"[^"]*"/);
  mark('digest', /"digest":"[^"]*"/);
  mark('format', /"format":"[^"]*"/);
  mark('version', /"version":1/);
  mark('alg', /"alg":"[^"]*"/);
  mark('alg', /"digestAlg":"[^"]*"/);
  return (i) => ranges.find(([, from, to]) => i >= from && i < to)?.[0] ?? 'signed';
}

async function tamperEveryByte(alg: SignatureAlg): Promise<void> {
  const { signer, pair } = await freshSigner(alg);
  const photo = utf8Encode('照片');
  const sealed = await sealPackage(
    {
      header: changesHeader(3, 'cd'.repeat(32)),
      body: {
        ops: demandOps(3),
        attachments: [
          {
            sha256: toHex(sha256(photo)),
            size: photo.length,
            mime: 'image/jpeg',
            name: '照片.jpg',
            data: toBase64url(photo),
          },
        ],
      },
    },
    signer,
  );
  const original = sealed.bytes;
  expect((await decodePackage(original, { maxBytes: 1 << 20, publicKey: pair.publicKey })).ok).toBe(true);
  const regionAt = regionsOf(original);
  const seen = new Map<Region, Set<ReasonCode>>();
  const failures: string[] = [];
  let tried = 0;
  for (let i = 0; i < original.length; i++) {
    for (const mask of [0x01, 0x20]) {
      const tampered = original.slice();
      tampered[i]! ^= mask;
      const result = await decodePackage(tampered, { maxBytes: 1 << 20, publicKey: pair.publicKey });
      tried++;
      const region = regionAt(i);
      if (result.ok) {
        failures.push(`byte ${i} ^${mask} in ${region} was accepted`);
        continue;
      }
      if (!ALLOWED[region].includes(result.reason))
        failures.push(`byte ${i} ^${mask} in ${region}: ${result.reason} (${result.detail})`);
      if (!seen.has(region)) seen.set(region, new Set());
      seen.get(region)!.add(result.reason);
    }
  }
  expect(failures).toEqual([]);
  expect(tried).toBe(2 * original.length);
  expect(original.length).toBeGreaterThan(2000);
  // Each region's own reason really happened (the mapping above is not vacuous).
  expect(seen.get('signature')).toContain('BAD_SIGNATURE');
  expect(seen.get('digest')).toContain('DIGEST_MISMATCH');
  expect(seen.get('format')).toContain('UNKNOWN_FORMAT');
  expect(seen.get('version')).toContain('UNSUPPORTED_VERSION');
  expect(seen.get('alg')).toContain('UNKNOWN_ALG');
  expect(seen.get('signed')).toEqual(new Set(['DIGEST_MISMATCH', 'NON_CANONICAL', 'MALFORMED']));
}

describe('tampering with a package', () => {
  it('Ed25519: every byte position, two mutations each, is refused with the reason of its region', async () => {
    await tamperEveryByte('Ed25519');
  });

  it('SM2-SM3: every byte position, two mutations each, is refused with the reason of its region', async () => {
    await tamperEveryByte('SM2-SM3');
  });
});
