import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { translate } from '../../../renderer/src/i18n';

describe('dictionaries', () => {
  it('English has exactly the Chinese keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('no message is empty in either language', () => {
    for (const dict of [zhCN, en])
      for (const [key, text] of Object.entries(dict)) expect(text.trim(), key).not.toBe('');
  });

  it('both languages use the same placeholders for each key', () => {
    const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(names(en[key]), key).toEqual(names(zhCN[key]));
  });
});

describe('translate', () => {
  it('fills named parameters and defaults to Chinese wording', () => {
    expect(translate('zh-CN', 'header.operator', { name: '张三' })).toBe('当前操作人：张三');
    expect(translate('en', 'header.operator', { name: 'Zhang San' })).toBe('Operator: Zhang San');
  });

  it('leaves an unknown placeholder visible rather than printing "undefined"', () => {
    expect(translate('zh-CN', 'header.operator')).toBe('当前操作人：{name}');
  });
});
