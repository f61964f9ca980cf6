/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters from a 31-character alphabet without I, O, S, V, Z; the 18th is a check character:
 * weights 3^(i−1) mod 31 for positions 1–17, check = 31 − (Σ value·weight mod 31), and 31 becomes 0.
 */
import { stripSpaces, toHalfWidth } from './text';

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_LENGTH = 18;
export const CREDIT_CODE_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

export type CreditCodeErrorCode =
  'CREDIT_CODE_EMPTY' | 'CREDIT_CODE_LENGTH' | 'CREDIT_CODE_CHARSET' | 'CREDIT_CODE_CHECK';

export interface CreditCodeError {
  code: CreditCodeErrorCode;
  /** For CREDIT_CODE_CHECK: the check character the first 17 characters require. */
  expected?: string;
  /** The offending character (CHARSET, CHECK) or the length found (LENGTH). */
  actual?: string;
  /** 1-based position of the offending character (CHARSET, CHECK). */
  position?: number;
  message: { zh: string; en: string };
}

export type CreditCodeResult = { ok: true; value: string } | { ok: false; value: string; error: CreditCodeError };

/** Trims, removes inner spaces, turns full-width characters into half-width ones and upper-cases. */
export function normalizeCreditCode(s: string): string {
  return stripSpaces(toHalfWidth(s)).toUpperCase();
}

/** The check character for the first 17 characters. Throws on a wrong length or a character outside the alphabet. */
export function computeCheckChar(first17: string): string {
  const s = normalizeCreditCode(first17);
  if (s.length !== 17) throw new RangeError(`computeCheckChar needs 17 characters, got ${s.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(s[i]!);
    if (v < 0) throw new RangeError(`character ${s[i]} at position ${i + 1} is not in the credit-code alphabet`);
    sum += v * CREDIT_CODE_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check]!;
}

const NOT_USED_HINT = { zh: '（信用代码不使用字母 I、O、S、V、Z）', en: ' (credit codes never use I, O, S, V or Z)' };

/** Checks a credit code after normalising it; the error names what is wrong in words a clerk understands. */
export function validateCreditCode(input: string): CreditCodeResult {
  const value = normalizeCreditCode(input);
  if (value.length === 0) {
    return fail(value, {
      code: 'CREDIT_CODE_EMPTY',
      message: { zh: '统一社会信用代码未填写', en: 'The credit code is empty' },
    });
  }
  if (value.length !== CREDIT_CODE_LENGTH) {
    return fail(value, {
      code: 'CREDIT_CODE_LENGTH',
      actual: String(value.length),
      message: {
        zh: `统一社会信用代码应为 18 位，现在是 ${value.length} 位`,
        en: `A credit code has 18 characters; this one has ${value.length}`,
      },
    });
  }
  // Positions 1–17 must be alphabet characters; a bad 18th is reported as a wrong check character, naming the right one.
  for (let i = 0; i < CREDIT_CODE_LENGTH - 1; i++) {
    const ch = value[i]!;
    if (!CREDIT_CODE_ALPHABET.includes(ch)) {
      return fail(value, {
        code: 'CREDIT_CODE_CHARSET',
        actual: ch,
        position: i + 1,
        message: {
          zh: `统一社会信用代码第 ${i + 1} 位「${ch}」不是有效字符${NOT_USED_HINT.zh}`,
          en: `Character ${i + 1} ("${ch}") is not allowed in a credit code${NOT_USED_HINT.en}`,
        },
      });
    }
  }
  const expected = computeCheckChar(value.slice(0, 17));
  const actual = value[17]!;
  if (expected !== actual) {
    return fail(value, {
      code: 'CREDIT_CODE_CHECK',
      expected,
      actual,
      position: 18,
      message: {
        zh: `统一社会信用代码校验位应为 ${expected}，实际为 ${actual}，请核对是否抄错`,
        en: `The check character should be ${expected}, but it is ${actual}; please check for a typo`,
      },
    });
  }
  return { ok: true, value };
}

function fail(value: string, error: CreditCodeError): CreditCodeResult {
  return { ok: false, value, error };
}
