/**
 * Zip-bomb guard for .xlsx files, run BEFORE anything is inflated. It reads only the zip's central directory:
 * the declared uncompressed size of every entry (sum ≤ maxUncompressedBytes) and each big entry's compression
 * ratio (≤ maxCompressionRatio). ZIP64 entries (sizes ≥ 4 GiB markers) are refused outright: no real office
 * workbook within our limits needs them.
 *
 * A file can lie in its headers, so the guard also returns a copy whose local headers carry the central
 * directory's sizes (and no data-descriptor flag). SheetJS inflates each entry into a buffer of the declared
 * local size and stops there, so the checked sizes bound the memory actually used.
 */
import type { SpreadsheetLimits } from './limits';

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export type ZipGuardResult =
  | { ok: true; entries: ZipEntryInfo[]; bytes: Uint8Array }
  | { ok: false; code: 'ZIP_BOMB' | 'CORRUPT'; reason: string };

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  );
}

export function guardZip(input: Uint8Array, limits: SpreadsheetLimits): ZipGuardResult {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const eocd = findEocd(view);
  if (eocd < 0) return { ok: false, code: 'CORRUPT', reason: 'no end of central directory' };
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === ZIP64_MARK) return { ok: false, code: 'ZIP_BOMB', reason: 'ZIP64' };

  const bytes = input.slice();
  const out = new DataView(bytes.buffer);
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > view.byteLength || view.getUint32(p, true) !== CEN_SIG)
      return { ok: false, code: 'CORRUPT', reason: 'bad central directory' };
    const csz = view.getUint32(p + 20, true);
    const usz = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = latin1(input.subarray(p + 46, p + 46 + nameLen));
    if (csz === ZIP64_MARK || usz === ZIP64_MARK || local === ZIP64_MARK)
      return { ok: false, code: 'ZIP_BOMB', reason: `ZIP64 entry ${name}` };
    total += usz;
    if (total > limits.maxUncompressedBytes) {
      return {
        ok: false,
        code: 'ZIP_BOMB',
        reason: `declared uncompressed size over ${limits.maxUncompressedBytes} bytes`,
      };
    }
    if (usz >= limits.ratioCheckFromBytes && usz > limits.maxCompressionRatio * Math.max(csz, 1)) {
      return { ok: false, code: 'ZIP_BOMB', reason: `${name} compresses ${Math.round(usz / Math.max(csz, 1))}:1` };
    }
    if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOC_SIG)
      return { ok: false, code: 'CORRUPT', reason: `bad local header for ${name}` };
    // Make the local header agree with the checked central directory (see the module comment).
    out.setUint16(local + 6, view.getUint16(local + 6, true) & ~0x0008, true);
    out.setUint32(local + 18, csz, true);
    out.setUint32(local + 22, usz, true);
    entries.push({ name, compressedSize: csz, uncompressedSize: usz });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries, bytes };
}

function findEocd(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) if (view.getUint32(i, true) === EOCD_SIG) return i;
  return -1;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}
