// The server's edge rules as plain functions: settings for limits and timeouts, the window counter behind the
// enrolment limits, the input guard's walk, and Range parsing.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_TIMEOUTS, loadConfig } from '../../../server/src/config';
import { badParameter, nulInBody } from '../../../server/src/http/input-guard';
import { codePrefix, WindowCounter } from '../../../server/src/http/limits';
import { coalesce, MAX_OVERLAPS, MAX_RANGES, parseRange } from '../../../server/src/updates/ranges';

const env = { ADMIN_TOKEN: 'a'.repeat(20), DATA_DIR: '/nonexistent-linkdesk' };

describe('timeout and connection settings', () => {
  it('default to bounded values and read their environment variables', () => {
    expect(loadConfig(env).timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(Object.values(DEFAULT_TIMEOUTS).every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    const set = loadConfig({
      ...env,
      REQUEST_TIMEOUT_MS: '60000',
      HEADERS_TIMEOUT_MS: '5000',
      KEEP_ALIVE_TIMEOUT_MS: '4000',
      CONNECTION_TIMEOUT_MS: '20000',
      MAX_CONNECTIONS: '50',
      UPDATES_RATE_LIMIT_MAX: '99',
      ENROL_RATE_LIMIT_MAX: '3',
    });
    expect(set.timeouts).toEqual({
      requestMs: 60000,
      headersMs: 5000,
      keepAliveMs: 4000,
      idleMs: 20000,
      maxConnections: 50,
    });
    expect(set.rateLimit).toMatchObject({ updatesMax: 99, enrolMax: 3 });
  });

  it('refuses a timeout of 0 (never) or nonsense, naming the setting', () => {
    for (const [name, value] of [
      ['REQUEST_TIMEOUT_MS', '0'],
      ['HEADERS_TIMEOUT_MS', 'soon'],
      ['MAX_CONNECTIONS', '0'],
      ['KEEP_ALIVE_TIMEOUT_MS', '-5'],
    ]) {
      expect(() => loadConfig({ ...env, [name!]: value })).toThrow(new RegExp(name!));
      expect(() => loadConfig({ ...env, [name!]: value })).toThrow(ConfigError);
    }
  });
});

describe('WindowCounter', () => {
  it('allows max hits per key per window, then refuses until the window turns', () => {
    let now = 0;
    const counter = new WindowCounter(2, 1000, () => now);
    expect([counter.hit('a'), counter.hit('a'), counter.hit('a'), counter.hit('b')]).toEqual([true, true, false, true]);
    now = 1000;
    expect(counter.hit('a')).toBe(true);
  });

  it('stays bounded in memory: past maxKeys keys the window starts over', () => {
    const counter = new WindowCounter(1, 60_000, () => 0, 3);
    for (const k of ['a', 'b', 'c']) counter.hit(k);
    expect(counter.hit('a')).toBe(true);
  });

  it('keys enrolment codes by their first 4 significant characters', () => {
    expect(codePrefix('abcd-efgh-jkmn')).toBe('ABCD');
    expect(codePrefix(' a b-cdEF ')).toBe('ABCD');
    expect(codePrefix(42)).toBe('');
  });
});

describe('input guard', () => {
  it('finds control bytes in query values, arrays of them, names, and path ids', () => {
    expect(badParameter({ query: { county: '130123' }, params: { id: 'pc-1' } })).toBeUndefined();
    expect(badParameter({ query: { county: ['1', 'a\u0000'] }, params: {} })).toBe('query.county');
    expect(badParameter({ query: { 'a\u0001': '1' }, params: {} })).toBe('query');
    expect(badParameter({ query: {}, params: { id: 'a\u007fb' } })).toBe('params.id');
  });

  it('finds NUL at any depth of a JSON body without recursion (100,000 levels)', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulInBody(deep)).toMatch(/^body(\[0\])+$/);
    expect(nulInBody({ operator: '王芳', notes: 'line\nline' })).toBeUndefined();
    expect(nulInBody({ a: { b: ['ok', { c: '\u0000' }] } })).toBe('body.a.b[1].c');
    expect(nulInBody(Buffer.from([0, 0, 0]))).toBeUndefined();
  });
});

describe('Range parsing', () => {
  it('coalesces overlapping and adjacent ranges into sorted disjoint ones', () => {
    expect(
      coalesce([
        { start: 50, end: 60 },
        { start: 0, end: 9 },
        { start: 10, end: 19 },
        { start: 55, end: 70 },
      ]),
    ).toEqual([
      { start: 0, end: 19 },
      { start: 50, end: 70 },
    ]);
    expect(parseRange('bytes=0-,0-,0-', 100)).toEqual([{ start: 0, end: 99 }]);
  });

  it(`refuses more than ${MAX_RANGES} ranges, or more than ${MAX_OVERLAPS} overlapping or backward ones`, () => {
    const many = (n: number, f: (i: number) => string) =>
      'bytes=' + Array.from({ length: n }, (_, i) => f(i)).join(',');
    expect(
      parseRange(
        many(MAX_RANGES, (i) => `${i * 2}-${i * 2}`),
        1e6,
      ),
    ).toHaveLength(MAX_RANGES);
    expect(
      parseRange(
        many(MAX_RANGES + 1, (i) => `${i * 2}-${i * 2}`),
        1e6,
      ),
    ).toBe('too-many');
    expect(
      parseRange(
        many(MAX_OVERLAPS + 1, () => '0-'),
        1e6,
      ),
    ).toEqual([{ start: 0, end: 1e6 - 1 }]);
    expect(
      parseRange(
        many(MAX_OVERLAPS + 2, () => '0-'),
        1e6,
      ),
    ).toBe('too-many');
    expect(
      parseRange(
        many(MAX_OVERLAPS + 2, (i) => `${(100 - i) * 10}-${(100 - i) * 10 + 1}`),
        1e6,
      ),
    ).toBe('too-many');
  });
});
