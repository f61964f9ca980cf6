/**
 * RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, variant 0b10, 74 random bits.
 * Ids made by one generator are strictly increasing (as strings too): within one millisecond,
 * or when the wall clock steps back, the 74-bit random tail is incremented by one instead of
 * re-drawn (RFC 9562 §6.2, method 2); a carry out of the tail moves the timestamp on by 1 ms.
 * Kept over the `uuid` package: no dependency in the pure core for 60 lines; the ordering rule is pinned by
 * test/unit/change/uuidv7.test.ts, which a replacement would have to pass.
 */

export type UuidV7Generator = () => string;

const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_BYTES = 4096;
const TWO_32 = 0x1_0000_0000;

export function isUuidV7(id: string): boolean {
  return UUID_V7_RE.test(id);
}

/** The creation time embedded in a UUIDv7, in Unix milliseconds. */
export function uuidV7Time(id: string): number {
  if (!isUuidV7(id)) throw new TypeError(`not a UUIDv7: ${id}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** A generator with its own monotonic state; `now` is injectable for tests. */
export function createUuidV7(now: () => number = Date.now): UuidV7Generator {
  const pool = new Uint8Array(POOL_BYTES);
  let poolAt = POOL_BYTES;
  const random = (n: number): Uint8Array => {
    if (poolAt + n > POOL_BYTES) {
      crypto.getRandomValues(pool);
      poolAt = 0;
    }
    const out = pool.subarray(poolAt, poolAt + n);
    poolAt += n;
    return out;
  };

  let lastMs = -1;
  // The 74 random bits as three integers: 12 (rand_a) + 30 + 32 (rand_b).
  let randA = 0;
  let randBHigh = 0;
  let randBLow = 0;

  return function uuidv7(): string {
    const clock = now();
    if (clock > lastMs) {
      lastMs = clock;
      const r = random(10);
      randA = ((r[0]! << 8) | r[1]!) & 0x0fff;
      randBHigh = ((r[2]! << 24) | (r[3]! << 16) | (r[4]! << 8) | r[5]!) & 0x3fffffff;
      randBLow = ((r[6]! << 24) | (r[7]! << 16) | (r[8]! << 8) | r[9]!) >>> 0;
    } else {
      randBLow += 1;
      if (randBLow === TWO_32) {
        randBLow = 0;
        randBHigh += 1;
        if (randBHigh > 0x3fffffff) {
          randBHigh = 0;
          randA += 1;
          if (randA > 0x0fff) {
            randA = 0;
            lastMs += 1;
          }
        }
      }
    }
    return format(lastMs, randA, randBHigh, randBLow);
  };
}

function format(ms: number, randA: number, randBHigh: number, randBLow: number): string {
  const msHigh = Math.floor(ms / TWO_32) & 0xffff;
  const msLow = ms >>> 0;
  const variantHigh = 0x80 | (randBHigh >>> 24);
  return (
    HEX[(msHigh >>> 8) & 0xff]! +
    HEX[msHigh & 0xff]! +
    HEX[msLow >>> 24]! +
    HEX[(msLow >>> 16) & 0xff]! +
    '-' +
    HEX[(msLow >>> 8) & 0xff]! +
    HEX[msLow & 0xff]! +
    '-' +
    HEX[0x70 | (randA >>> 8)]! +
    HEX[randA & 0xff]! +
    '-' +
    HEX[variantHigh]! +
    HEX[(randBHigh >>> 16) & 0xff]! +
    '-' +
    HEX[(randBHigh >>> 8) & 0xff]! +
    HEX[randBHigh & 0xff]! +
    HEX[randBLow >>> 24]! +
    HEX[(randBLow >>> 16) & 0xff]! +
    HEX[(randBLow >>> 8) & 0xff]! +
    HEX[randBLow & 0xff]!
  );
}

/** The process-wide generator: ids from it are unique and increasing within this process. */
export const uuidv7: UuidV7Generator = createUuidV7();
