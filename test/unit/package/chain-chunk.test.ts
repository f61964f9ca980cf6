import { describe, expect, it } from 'vitest';
import { checkChainLink, nextLink } from '@shared/package/chain';
import { OpTooLargeError, chunkOps } from '@shared/package/chunk';
import { decodePackage, sealPackage } from '@shared/package/package';
import { changesHeader, demandOps } from './make-ops';
import { freshSigner } from './keys';

const D = (c: string): string => c.repeat(64);

describe('per-device hash chain', () => {
  it('starts at seq 1 with no previous digest, then links each package to the one before', () => {
    expect(nextLink(null)).toEqual({ seq: 1, prevDigest: null });
    expect(nextLink({ seq: 7, digest: D('a') })).toEqual({ seq: 8, prevDigest: D('a') });
  });

  it.each([
    ['the first package', null, { seq: 1, prevDigest: null }, D('1'), { status: 'next' }],
    ['the next package', { seq: 3, digest: D('3') }, { seq: 4, prevDigest: D('3') }, D('4'), { status: 'next' }],
    [
      'a resend of the last package',
      { seq: 3, digest: D('3') },
      { seq: 3, prevDigest: D('2') },
      D('3'),
      { status: 'duplicate' },
    ],
    [
      'an older package (caller compares digests)',
      { seq: 3, digest: D('3') },
      { seq: 2, prevDigest: D('1') },
      D('2'),
      { status: 'older' },
    ],
    [
      'a package after a gap',
      { seq: 3, digest: D('3') },
      { seq: 6, prevDigest: D('5') },
      D('6'),
      { status: 'gap', missingFrom: 4, missingTo: 5 },
    ],
    [
      'a first package that is not seq 1',
      null,
      { seq: 2, prevDigest: D('1') },
      D('2'),
      { status: 'gap', missingFrom: 1, missingTo: 1 },
    ],
  ] as const)('%s', (_name, tip, header, digest, expected) => {
    expect(checkChainLink(tip, header, digest)).toEqual(expected);
  });

  it('detects forks: the next seq linking elsewhere, or another package at the tip’s seq', () => {
    expect(checkChainLink({ seq: 3, digest: D('3') }, { seq: 4, prevDigest: D('x') }, D('4')).status).toBe('fork');
    expect(checkChainLink({ seq: 3, digest: D('3') }, { seq: 3, prevDigest: D('2') }, D('9')).status).toBe('fork');
    expect(checkChainLink(null, { seq: 1, prevDigest: D('0') }, D('1')).status).toBe('fork');
  });
});

describe('chunkOps', () => {
  it('keeps order and never splits an op, with every chunk’s package under the byte limit', async () => {
    const ops = demandOps(600);
    const maxBytes = 64 * 1024;
    const chunks = chunkOps(ops, { maxBytes, reserveBytes: 4096 });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.flat()).toEqual(ops);
    const { signer, pair } = await freshSigner('Ed25519');
    let tip = null as { seq: number; digest: string } | null;
    for (const chunk of chunks) {
      const link = nextLink(tip);
      const sealed = await sealPackage(
        { header: changesHeader(link.seq, link.prevDigest), body: { ops: chunk, attachments: [] } },
        signer,
      );
      expect(sealed.bytes.length).toBeLessThanOrEqual(maxBytes);
      expect((await decodePackage(sealed.bytes, { maxBytes, publicKey: pair.publicKey })).ok).toBe(true);
      tip = { seq: link.seq, digest: sealed.digest };
    }
    // Chunks are reasonably full: merging any two neighbours would break the limit.
    for (let i = 0; i + 1 < chunks.length; i++) {
      const merged = await sealPackage(
        { header: changesHeader(), body: { ops: [...chunks[i]!, ...chunks[i + 1]!], attachments: [] } },
        signer,
      );
      expect(merged.bytes.length).toBeGreaterThan(maxBytes - 4096);
    }
  });

  it('respects the op-count limit and returns nothing for an empty outbox', () => {
    const chunks = chunkOps(demandOps(25), { maxOps: 10 });
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(chunkOps([])).toEqual([]);
  });

  it('refuses an op that cannot fit in any package, naming it', () => {
    const [op] = demandOps(1);
    const huge = { ...op!, value: '长'.repeat(40_000) };
    expect(() => chunkOps([op!, huge], { maxBytes: 100_000, reserveBytes: 1000 })).toThrow(OpTooLargeError);
    expect(() => chunkOps([huge], { maxBytes: 100_000, reserveBytes: 1000 })).toThrow(huge.opId);
  });
});
