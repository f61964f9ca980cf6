import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClockCounterOverflowError,
  ClockDriftError,
  InvalidHlcError,
  checkClockSkew,
  compareHlc,
  createClock,
  formatHlc,
  isHlc,
  parseHlc,
  randomNodeId,
} from '@shared/change/hlc';

const NODE = '3f9c2b1e8d7a6c54';
const OTHER = '00000000000000aa';
const T0 = Date.UTC(2026, 10, 28, 20, 14, 30, 123);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const fixedClock = (nodeId = NODE) => {
  const time = { now: T0 };
  return { time, clock: createClock(nodeId, () => time.now) };
};

describe('HLC string format', () => {
  it('is exactly the form documented in op.ts and round-trips', () => {
    const hlc = '2026-11-28T20:14:30.123Z-000a-3f9c2b1e8d7a6c54';
    expect(parseHlc(hlc)).toEqual({ ms: T0, counter: 10, node: NODE });
    expect(formatHlc({ ms: T0, counter: 10, node: NODE })).toBe(hlc);
  });

  it('rejects malformed timestamps with the stable code HLC_INVALID', () => {
    for (const bad of [
      '2026-11-28T20:14:30.123Z-000A-3f9c2b1e8d7a6c54', // uppercase counter
      '2026-11-28T20:14:30.123Z-00a-3f9c2b1e8d7a6c54', // short counter
      '2026-11-28T20:14:30Z-000a-3f9c2b1e8d7a6c54', // no millis
      '2026-02-30T20:14:30.123Z-000a-3f9c2b1e8d7a6c54', // no such day
      '',
    ]) {
      expect(() => parseHlc(bad), bad).toThrow(InvalidHlcError);
      try {
        parseHlc(bad);
      } catch (e) {
        expect((e as InvalidHlcError).code).toBe('HLC_INVALID');
      }
    }
    expect(isHlc(42)).toBe(false);
  });

  it('sorts as strings in (time, counter, node) order', () => {
    const parts = fc.record({
      ms: fc.integer({ min: 0, max: 253_402_300_799_999 }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      node: fc.stringMatching(/^[0-9a-f]{16}$/),
    });
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const byParts =
          a.ms !== b.ms
            ? Math.sign(a.ms - b.ms)
            : a.counter !== b.counter
              ? Math.sign(a.counter - b.counter)
              : a.node < b.node
                ? -1
                : a.node > b.node
                  ? 1
                  : 0;
        expect(compareHlc(formatHlc(a), formatHlc(b))).toBe(byParts);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes valid random node ids', () => {
    expect(randomNodeId()).toMatch(/^[0-9a-f]{16}$/);
    expect(randomNodeId()).not.toBe(randomNodeId());
  });
});

describe('hybrid logical clock', () => {
  it('ticks strictly forward: counter within a millisecond, reset when time moves on', () => {
    const { time, clock } = fixedClock();
    expect(clock.last()).toBeNull();
    const a = clock.tick();
    const b = clock.tick();
    time.now += 1;
    const c = clock.tick();
    expect([a, b, c].map((h) => parseHlc(h))).toEqual([
      { ms: T0, counter: 0, node: NODE },
      { ms: T0, counter: 1, node: NODE },
      { ms: T0 + 1, counter: 0, node: NODE },
    ]);
    expect(clock.last()).toBe(c);
  });

  it('never goes back when the PC clock is set back', () => {
    const { time, clock } = fixedClock();
    const before = clock.tick();
    time.now -= DAY;
    const after = clock.tick();
    expect(compareHlc(after, before)).toBe(1);
    expect(parseHlc(after)).toEqual({ ms: T0, counter: 1, node: NODE });
  });

  it('resumes after a restart from the persisted last timestamp', () => {
    const last = formatHlc({ ms: T0 + 10, counter: 7, node: NODE });
    const clock = createClock(NODE, () => T0, { last });
    expect(compareHlc(clock.tick(), last)).toBe(1);
  });

  it('receiving a remote timestamp moves past it, so the next local edit sorts after it', () => {
    const { clock } = fixedClock();
    clock.tick();
    const remote = formatHlc({ ms: T0 + 2 * MINUTE, counter: 5, node: OTHER });
    const merged = clock.receive(remote);
    expect(parseHlc(merged)).toEqual({ ms: T0 + 2 * MINUTE, counter: 6, node: NODE });
    expect(compareHlc(clock.tick(), remote)).toBe(1);
  });

  it('receiving an older remote timestamp still advances the local clock', () => {
    const { clock } = fixedClock();
    const local = clock.tick();
    const merged = clock.receive(formatHlc({ ms: T0 - 1000, counter: 99, node: OTHER }));
    expect(compareHlc(merged, local)).toBe(1);
  });

  it('refuses a remote timestamp more than 5 minutes ahead with CLOCK_DRIFT, and keeps working', () => {
    const { clock } = fixedClock();
    const before = clock.tick();
    const remote = formatHlc({ ms: T0 + 6 * MINUTE, counter: 0, node: OTHER });
    let error: unknown;
    try {
      clock.receive(remote);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClockDriftError);
    const drift = error as ClockDriftError;
    expect(drift.code).toBe('CLOCK_DRIFT');
    expect(drift.driftMs).toBe(-6 * MINUTE);
    expect(drift.direction).toBe('behind');
    expect(drift.messages.zh).toBe(
      '本机时间比其他设备慢了约 6 分钟。请先校正电脑的日期和时间，再同步。已录入的数据不会丢失。',
    );
    expect(drift.messages.en).toContain('about 6 minutes behind another device');
    expect(drift.message).toBe(drift.messages.zh);
    expect(parseHlc(clock.tick())).toEqual({ ...parseHlc(before), counter: 1 });
  });

  it('accepts a remote timestamp just inside the drift limit', () => {
    const { clock } = fixedClock();
    expect(() => clock.receive(formatHlc({ ms: T0 + 5 * MINUTE, counter: 0, node: OTHER }))).not.toThrow();
  });

  it('a PC a day behind gets the drift error saying "a day slow"', () => {
    const time = { now: T0 - DAY };
    const clock = createClock(NODE, () => time.now);
    expect(() => clock.receive(formatHlc({ ms: T0, counter: 0, node: OTHER }))).toThrow(
      '本机时间比其他设备慢了约 1 天',
    );
  });

  it('borrows the next millisecond when 65,536 events share one, within the drift limit', () => {
    const { clock } = fixedClock();
    let last = '';
    for (let i = 0; i <= 0xffff; i++) last = clock.tick();
    expect(parseHlc(last)).toEqual({ ms: T0, counter: 0xffff, node: NODE });
    expect(parseHlc(clock.tick())).toEqual({ ms: T0 + 1, counter: 0, node: NODE });
  });

  it('throws CLOCK_COUNTER_OVERFLOW when the counter is full and borrowing would exceed the drift limit', () => {
    const clock = createClock(NODE, () => T0, { maxDriftMs: 0 });
    for (let i = 0; i <= 0xffff; i++) clock.tick();
    let error: unknown;
    try {
      clock.tick();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClockCounterOverflowError);
    expect((error as ClockCounterOverflowError).code).toBe('CLOCK_COUNTER_OVERFLOW');
    expect((error as ClockCounterOverflowError).messages.zh).toContain('已录入的数据不会丢失');
  });

  it('every timestamp it issues is later than all it issued or received before (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), clockStepMs: fc.integer({ min: -5000, max: 50 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        clockStepMs: fc.integer({ min: -5000, max: 50 }),
        remoteOffsetMs: fc.integer({ min: -60_000, max: 4 * MINUTE }),
        counter: fc.nat(0xffff),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const time = { now: T0 };
        const clock = createClock(NODE, () => time.now);
        let latest = '';
        for (const s of steps) {
          time.now += s.clockStepMs;
          if (s.kind === 'tick') {
            const h = clock.tick();
            expect(h > latest).toBe(true);
            latest = h;
          } else {
            const remote = formatHlc({ ms: time.now + s.remoteOffsetMs, counter: s.counter, node: OTHER });
            const h = clock.receive(remote);
            expect(h > latest && h > remote).toBe(true);
            latest = h;
          }
          expect(clock.last()).toBe(latest);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses node ids that are not 16 lowercase hex digits', () => {
    expect(() => createClock('ABC')).toThrow(InvalidHlcError);
  });

  it('refuses an impossible physical time instead of issuing a broken timestamp', () => {
    const clock = createClock(NODE, () => Number.NaN);
    expect(() => clock.tick()).toThrow(InvalidHlcError);
  });
});

describe('checking the PC clock against the server', () => {
  it('is silent when within the limit', () => {
    expect(checkClockSkew(T0 + 4 * MINUTE, T0)).toBeNull();
    expect(checkClockSkew(T0 - 5 * MINUTE, T0)).toBeNull();
  });

  it('reports a PC a day ahead as "fast" against the server', () => {
    const drift = checkClockSkew(T0 + DAY, T0);
    expect(drift).toMatchObject({ code: 'CLOCK_DRIFT', driftMs: DAY, direction: 'ahead', against: 'server' });
    expect(drift!.messages.zh).toBe(
      '本机时间比服务器快了约 1 天。请先校正电脑的日期和时间，再同步。已录入的数据不会丢失。',
    );
    expect(drift!.messages.en).toContain('about 1 day ahead of the server');
  });

  it('reports a PC 3 hours behind as "slow" against the server', () => {
    const drift = checkClockSkew(T0 - 3 * 60 * MINUTE, T0);
    expect(drift).toMatchObject({ direction: 'behind', driftMs: -3 * 60 * MINUTE });
    expect(drift!.messages.zh).toContain('本机时间比服务器慢了约 3 小时');
  });

  it('honours a custom limit', () => {
    expect(checkClockSkew(T0 + 2000, T0, 1000)?.messages.zh).toContain('快了约 2 秒');
  });
});
