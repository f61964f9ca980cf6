import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CanonicalJsonError, MAX_DEPTH, canonicalBytes, canonicalize } from '@shared/crypto/canonical-json';
import { toHex } from '@shared/crypto/encoding';

const fromBits = (hex: string): number =>
  new DataView(Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16))).buffer).getFloat64(0);

describe('RFC 8785 canonical JSON', () => {
  it('reproduces the spec sample (§3.2.2): numbers, string escaping and literals', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // The spec gives the UTF-8 bytes too: the euro sign is e2 82 ac.
    expect(toHex(canonicalBytes({ s: '\u20ac' }))).toBe('7b2273223a22e282ac227d');
  });

  it('sorts members by UTF-16 code units (§3.2.3 sample)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalize(input)) as object);
    // Object.keys puts the integer-like "1" first, so read the order from the text instead.
    expect(keys).toHaveLength(7);
    const order = [...canonicalize(input).matchAll(/"([^"]*)":"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(order).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the IEEE 754 value %s as %s (Appendix B)', (bits, text) => {
    expect(canonicalize(fromBits(bits))).toBe(text);
  });

  it('writes nested structures without whitespace and keeps array order', () => {
    expect(canonicalize({ b: [3, { z: 1, a: 'x' }, []], a: {} })).toBe('{"a":{},"b":[3,{"a":"x","z":1},[]]}');
    expect(canonicalize({ 名称: '石家庄', code: '130100' })).toBe('{"code":"130100","名称":"石家庄"}');
  });

  it.each([
    ['NaN', { n: NaN }, 'NON_FINITE_NUMBER', '/n'],
    ['Infinity', [1, Infinity], 'NON_FINITE_NUMBER', '/1'],
    ['-Infinity', -Infinity, 'NON_FINITE_NUMBER', ''],
    ['undefined member', { a: { b: undefined } }, 'UNDEFINED', '/a/b'],
    ['undefined in array', [undefined], 'UNDEFINED', '/0'],
    ['function', { f: () => 1 }, 'UNSUPPORTED_TYPE', '/f'],
    ['bigint', { n: 1n }, 'UNSUPPORTED_TYPE', '/n'],
    ['symbol', Symbol('s'), 'UNSUPPORTED_TYPE', ''],
    ['Date', { d: new Date(0) }, 'UNSUPPORTED_TYPE', '/d'],
    ['typed array', { b: new Uint8Array(2) }, 'UNSUPPORTED_TYPE', '/b'],
    ['lone high surrogate', { s: 'a\ud800' }, 'LONE_SURROGATE', '/s'],
    ['lone low surrogate in a key', { '\udc00x': 1 }, 'LONE_SURROGATE', '/\udc00x'],
  ])('refuses %s with a specific error and the path', (_name, value, code, path) => {
    let caught: unknown;
    try {
      canonicalize(value);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CanonicalJsonError);
    expect((caught as CanonicalJsonError).code).toBe(code);
    expect((caught as CanonicalJsonError).path).toBe(path);
  });

  it('orders array-index-like keys by code units too (engines would put them first, numerically)', () => {
    expect(canonicalize({ a: 3, '9': 2, '10': 1 })).toBe('{"10":1,"9":2,"a":3}');
    expect(canonicalize([{ x: { '2025': 1, '2024': 2, '-1': 0, '01': 5 } }, 'y'])).toBe(
      '[{"x":{"-1":0,"01":5,"2024":2,"2025":1}},"y"]',
    );
    expect(() => canonicalize({ '7': { deep: [NaN] } })).toThrow(
      expect.objectContaining({ path: '/7/deep/0' }) as Error,
    );
  });

  it('tells a literal backslash-u text from a lone surrogate', () => {
    expect(canonicalize({ s: '\\ud800' })).toBe('{"s":"\\\\ud800"}');
    expect(canonicalize('😀')).toBe('"😀"');
    expect(() => canonicalize({ '5': ['ok', '\udfff'] })).toThrow(
      expect.objectContaining({ code: 'LONE_SURROGATE', path: '/5/1' }) as Error,
    );
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels (TOO_DEEP), accepts ${MAX_DEPTH}`, () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : [nest(n - 1)]);
    expect(canonicalize(nest(MAX_DEPTH))).toBe('['.repeat(MAX_DEPTH) + '1' + ']'.repeat(MAX_DEPTH));
    expect(() => canonicalize(nest(MAX_DEPTH + 1))).toThrow(expect.objectContaining({ code: 'TOO_DEEP' }) as Error);
  });

  it('refuses cycles but accepts the same object twice side by side', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalize(loop)).toThrow(expect.objectContaining({ code: 'CYCLE' }) as Error);
  });

  it('accepts null-prototype objects and a "__proto__" member parsed from JSON', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    expect(canonicalize(bare)).toBe('{"a":2,"b":1}');
    expect(canonicalize(JSON.parse('{"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1}}');
  });
});

/** A deliberately plain RFC 8785 writer, to check the fast implementation against. */
function referenceJcs(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(referenceJcs).join(',') + ']';
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v).sort((a, b) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++)
        if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
      return a.length - b.length;
    });
    return (
      '{' + keys.map((k) => JSON.stringify(k) + ':' + referenceJcs((v as Record<string, unknown>)[k])).join(',') + '}'
    );
  }
  return JSON.stringify(v);
}

describe('canonicalize agrees with a plain reference writer', () => {
  it('on arbitrary JSON values, including array-index keys and non-ASCII text', () => {
    const key = fc.oneof(
      fc.string(),
      fc.nat({ max: 3000 }).map(String),
      fc.constantFrom('__proto__', '名称', '\u20ac', '\r'),
    );
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: 'grapheme' }),
        tie('array'),
        tie('object'),
      ),
      array: fc.array(tie('json'), { maxLength: 5 }),
      object: fc.dictionary(key, tie('json'), { maxKeys: 6 }),
    })).json;
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalize(v);
        expect(text).toBe(referenceJcs(v));
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
