import { describe, expect, it } from 'vitest';
import {
  computeCheckChar,
  normalizeCreditCode,
  validateCreditCode,
  CREDIT_CODE_ALPHABET,
} from '@shared/domain/creditCode';
import { CREDIT_CODE_WEIGHTS } from '@shared/domain/creditCode';

describe('unified social credit code (GB 32100-2015)', () => {
  it('uses the 31-character alphabet without I, O, S, V, Z and the weights 3^(i-1) mod 31', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const ch of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it.each(['91350100M000100Y43', '914403001922038216', '9144030071526726XG'])('accepts the valid code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, value: code });
    expect(computeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('refuses 91350100M000100Y4Z and names the expected check character in plain Chinese', () => {
    const r = validateCreditCode('91350100M000100Y4Z');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CREDIT_CODE_CHECK');
    expect(r.error.expected).toBe('3');
    expect(r.error.actual).toBe('Z');
    expect(r.error.message.zh).toContain('校验位应为 3，实际为 Z');
  });

  it('refuses a wrong check character that is in the alphabet, naming the right one', () => {
    const r = validateCreditCode('914403001922038217');
    expect(r.ok || r.error).toMatchObject({ code: 'CREDIT_CODE_CHECK', expected: '6', actual: '7' });
  });

  it('maps a check sum of 31 to 0', () => {
    // Find a 17-character prefix whose weighted sum is divisible by 31: its check character must be "0".
    const base = '9113010000000000';
    const prefix = [...CREDIT_CODE_ALPHABET]
      .map((c) => base + c)
      .find((p) => {
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(p[i]!) * CREDIT_CODE_WEIGHTS[i]!;
        return sum % 31 === 0;
      });
    expect(prefix).toBeDefined();
    expect(computeCheckChar(prefix!)).toBe('0');
  });

  it('reads full-width, lower-case, space-padded input as the same code', () => {
    const typed = ' ９１３５０１００ｍ０００１００ｙ４３　';
    expect(normalizeCreditCode(typed)).toBe('91350100M000100Y43');
    expect(validateCreditCode(typed)).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(validateCreditCode('9144030071526726xg').ok).toBe(true);
  });

  it('says how long the code is when the length is wrong', () => {
    const r = validateCreditCode('91350100M000100Y4');
    expect(r.ok || r.error).toMatchObject({ code: 'CREDIT_CODE_LENGTH', actual: '17' });
    expect(r.ok || r.error.message.zh).toBe('统一社会信用代码应为 18 位，现在是 17 位');
  });

  it('names the position of a letter credit codes never use', () => {
    const r = validateCreditCode('91350100O000100Y43');
    expect(r.ok || r.error).toMatchObject({ code: 'CREDIT_CODE_CHARSET', position: 9, actual: 'O' });
    expect(r.ok || r.error.message.zh).toContain('第 9 位「O」');
  });

  it('reports an empty code as empty', () => {
    const r = validateCreditCode('  ');
    expect(r.ok || r.error.code).toBe('CREDIT_CODE_EMPTY');
  });

  it('computeCheckChar refuses input that is not 17 alphabet characters', () => {
    expect(() => computeCheckChar('9135')).toThrow(RangeError);
    expect(() => computeCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});
