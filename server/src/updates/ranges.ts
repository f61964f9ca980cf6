// HTTP Range (RFC 9110 §14): `bytes=a-b`, `bytes=a-`, `bytes=-n`, several at once (electron-updater's differential
// download asks for many ranges in one request and reads a multipart/byteranges answer).

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** More ranges than this in one request are answered with the whole file (allowed by the RFC). */
export const MAX_RANGES = 5000;

/**
 * undefined: no usable Range header (serve the whole file); 'unsatisfiable': 416; otherwise the ranges in order.
 * A syntactically bad header is ignored, as the RFC asks.
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return undefined;
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length > MAX_RANGES) return undefined;
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
  return ranges.length === 0 ? 'unsatisfiable' : ranges;
}
