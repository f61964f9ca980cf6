// HTTP Range (RFC 9110 §14): `bytes=a-b`, `bytes=a-`, `bytes=-n`, several at once (electron-updater's differential
// download asks for many ranges in one request and reads a multipart/byteranges answer).
//
// A Range header must not buy an answer larger than the file: `bytes=0-,0-,…` (4,000 overlapping ranges on a 1 MiB
// file) once bought a 4 GB answer. So overlapping and adjacent ranges are coalesced (the answer's data is then at
// most the file), and, like Apache's MaxRanges/MaxRangeOverlaps, a request with too many ranges, or too many that
// overlap or go backwards, is refused 416 (RFC 9110 §14.2 allows it). electron-updater sends up to 1,000 sorted,
// disjoint ranges per request (multipleRangeDownloader), so MAX_RANGES lets it work while MAX_OVERLAPS stops abuse.

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** More ranges than this in one request: 416 range-too-many. electron-updater's batch is 1,000. */
export const MAX_RANGES = 1000;
/** More ranges than this that overlap or precede an earlier one: 416 range-too-many. */
export const MAX_OVERLAPS = 16;

/**
 * undefined: no usable Range header (serve the whole file); 'unsatisfiable': 416; 'too-many': 416 range-too-many;
 * otherwise the coalesced ranges in ascending order. A syntactically bad header is ignored, as the RFC asks.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange[] | 'unsatisfiable' | 'too-many' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return undefined;
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length > MAX_RANGES) return 'too-many';
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const r = /^(\d*)-(\d*)$/.exec(spec);
    if (!r || (r[1] === '' && r[2] === '')) return undefined;
    if (r[1] === '') {
      const suffix = Number(r[2]);
      if (suffix === 0) continue;
      ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(r[1]);
    const end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[2] !== '' && Number(r[2]) < start) return undefined;
    if (start >= size) continue;
    ranges.push({ start, end });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  if (overlapsOrReversals(ranges) > MAX_OVERLAPS) return 'too-many';
  return coalesce(ranges);
}

/** How many ranges start at or before the end of some earlier one (overlap it or go backwards). */
function overlapsOrReversals(ranges: readonly ByteRange[]): number {
  let count = 0;
  let furthest = -1;
  for (const r of ranges) {
    if (r.start <= furthest) count++;
    furthest = Math.max(furthest, r.end);
  }
  return count;
}

/** Sorted, with overlapping and adjacent ranges merged: the parts never hold a byte twice. */
export function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
