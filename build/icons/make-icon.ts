#!/usr/bin/env node
// Draws the app icon (build/icons/icon.png, 512×512 RGBA) without image libraries: a blue rounded square
// with two white interlocking rings ("联动"). electron-builder derives the Windows .ico and Linux sizes from it.
// Run: npx tsx build/icons/make-icon.ts
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Coverage (0..1) of a pixel by a shape given as a signed-distance function, with 4×4 supersampling. */
function coverage(x: number, y: number, inside: (px: number, py: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

const roundedSquare = (px: number, py: number): boolean => {
  const r = 96;
  const m = 16;
  const qx = Math.max(Math.abs(px - SIZE / 2) - (SIZE / 2 - m - r), 0);
  const qy = Math.max(Math.abs(py - SIZE / 2) - (SIZE / 2 - m - r), 0);
  return Math.hypot(qx, qy) <= r;
};
const ring =
  (cx: number, cy: number) =>
  (px: number, py: number): boolean => {
    const d = Math.hypot(px - cx, py - cy);
    return d >= 78 && d <= 118;
  };
const ringA = ring(200, 256);
const ringB = ring(312, 256);

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const bg = coverage(x, y, roundedSquare);
    const fg = Math.min(1, coverage(x, y, ringA) + coverage(x, y, ringB));
    // background #1677ff (Ant Design blue), rings white
    const r = 0x16 + (0xff - 0x16) * fg;
    const g = 0x77 + (0xff - 0x77) * fg;
    const b = 0xff;
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = Math.round(r);
    raw[o + 1] = Math.round(g);
    raw[o + 2] = b;
    raw[o + 3] = Math.round(255 * bg);
  }
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icons/icon.png written (${png.length} bytes)`);
