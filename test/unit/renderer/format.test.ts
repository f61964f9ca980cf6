import { describe, expect, it } from 'vitest';
import { formatAmount, formatDateLong, formatDateShort, formatCount } from '../../../renderer/src/format';

describe('zh-CN formats', () => {
  it('writes a date the Chinese way in long form and as yyyy-mm-dd in short form', () => {
    expect(formatDateLong('2026-11-28', 'zh-CN')).toBe('2026年11月28日');
    expect(formatDateShort('2026-11-28')).toBe('2026-11-28');
    expect(formatDateShort(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('writes amounts in 万元 with two decimals and grouped thousands', () => {
    expect(formatAmount(50, 'zh-CN')).toBe('50.00 万元');
    expect(formatAmount(1234.5, 'zh-CN')).toBe('1,234.50 万元');
    expect(formatAmount(50, 'en')).toBe('50.00 ×10k CNY');
  });

  it('returns nothing for an unreadable date instead of "Invalid Date"', () => {
    expect(formatDateShort('not a date')).toBe('');
    expect(formatDateLong('', 'zh-CN')).toBe('');
  });

  it('groups counts', () => {
    expect(formatCount(100000)).toBe('100,000');
  });
});
