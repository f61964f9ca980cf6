/** Splitting an outbox into packages that each stay under the size and op-count limits. */
import { type Op } from '../change/op';
import { canonicalize } from '../crypto/canonical-json';
import { PACKAGE_LIMITS } from './package';

export interface ChunkLimits {
  /** Whole-file limit the chunks must respect (default PACKAGE_LIMITS.maxBytes). */
  maxBytes?: number;
  maxOps?: number;
  /** Bytes kept free for the envelope, header and attachment list (default 16 KiB). */
  reserveBytes?: number;
}

export class OpTooLargeError extends Error {
  constructor(
    readonly opId: string,
    readonly bytes: number,
    readonly budget: number,
  ) {
    super(`op ${opId} is ${bytes} bytes as canonical JSON, more than the ${budget} bytes a package can carry`);
    this.name = 'OpTooLargeError';
  }
}

/** UTF-8 length of a string without allocating the bytes. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Splits ops, in order, into consecutive chunks whose packages stay within the limits. Order is kept so a
 * device's packages replay its history in sequence. An op that cannot fit even alone throws OpTooLargeError.
 */
export function chunkOps(ops: readonly Op[], limits: ChunkLimits = {}): Op[][] {
  const maxBytes = limits.maxBytes ?? PACKAGE_LIMITS.maxBytes;
  const maxOps = limits.maxOps ?? PACKAGE_LIMITS.maxOps;
  const budget = maxBytes - (limits.reserveBytes ?? 16 * 1024);
  if (budget <= 0 || maxOps < 1) throw new RangeError('chunk limits leave no room for ops');
  const chunks: Op[][] = [];
  let current: Op[] = [];
  let used = 0;
  for (const op of ops) {
    const size = utf8Length(canonicalize(op)) + 1; // + the separating comma
    if (size > budget) throw new OpTooLargeError(op.opId, size, budget);
    if (current.length > 0 && (used + size > budget || current.length >= maxOps)) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(op);
    used += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
