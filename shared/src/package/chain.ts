/**
 * Per-device hash chain of `changes` packages: seq starts at 1 and grows by one; prevDigest of seq n is the
 * digest of seq n − 1 (null for seq 1). The receiver keeps the last accepted (seq, digest) per device.
 */

export interface ChainTip {
  seq: number;
  digest: string;
}

/** The seq and prevDigest for the next package after `tip` (null: the device has sent nothing yet). */
export function nextLink(tip: ChainTip | null): { seq: number; prevDigest: string | null } {
  return tip === null ? { seq: 1, prevDigest: null } : { seq: tip.seq + 1, prevDigest: tip.digest };
}

export type ChainCheck =
  /** Extends the chain: accept it. */
  | { status: 'next' }
  /** The very package already accepted last (a resend): answer with the same receipt, apply nothing. */
  | { status: 'duplicate' }
  /** An older seq: a resend if its digest equals the one stored for that seq, otherwise a fork. The caller looks it up. */
  | { status: 'older' }
  /** Packages are missing between the tip and this one: hold it until the gap is filled. */
  | { status: 'gap'; missingFrom: number; missingTo: number }
  /** Same position as an accepted package but different content: two histories for one device (cloned key?). */
  | { status: 'fork'; detail: string };

export function checkChainLink(
  tip: ChainTip | null,
  header: { seq: number; prevDigest: string | null },
  digest: string,
): ChainCheck {
  const lastSeq = tip?.seq ?? 0;
  if (header.seq === lastSeq + 1) {
    const expected = tip?.digest ?? null;
    return header.prevDigest === expected
      ? { status: 'next' }
      : {
          status: 'fork',
          detail: `seq ${header.seq} links to ${header.prevDigest}, the accepted seq ${lastSeq} is ${expected}`,
        };
  }
  if (tip && header.seq === tip.seq) {
    return digest === tip.digest
      ? { status: 'duplicate' }
      : { status: 'fork', detail: `a different package with seq ${header.seq} was already accepted` };
  }
  if (header.seq < lastSeq) return { status: 'older' };
  return { status: 'gap', missingFrom: lastSeq + 1, missingTo: header.seq - 1 };
}
