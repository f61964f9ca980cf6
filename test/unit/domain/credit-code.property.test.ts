import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, computeCheckChar, validateCreditCode } from '@shared/domain/creditCode';

const alphabetChar = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const prefix17 = fc.array(alphabetChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

describe('credit-code check character (properties)', () => {
  it('a code completed with computeCheckChar is always valid', () => {
    fc.assert(
      fc.property(prefix17, (p) => {
        expect(validateCreditCode(p + computeCheckChar(p)).ok).toBe(true);
      }),
    );
  });

  it('changing any one character of a valid code is always caught (31 is prime, every weight is non-zero)', () => {
    fc.assert(
      fc.property(prefix17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (p, pos, shift) => {
        const code = p + computeCheckChar(p);
        const changed = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(code[pos]!) + shift) % 31]!;
        const typo = code.slice(0, pos) + changed + code.slice(pos + 1);
        const r = validateCreditCode(typo);
        expect(r.ok).toBe(false);
        expect(r.ok || r.error.code).toBe('CREDIT_CODE_CHECK');
      }),
    );
  });
});
