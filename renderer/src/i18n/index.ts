/**
 * i18n: `t(key, params)` over typed dictionaries; zh-CN is the default. Labels of fields and options
 * come from the shared schemas (Bilingual) through `pick`.
 */
import { useCallback } from 'react';
import { create } from 'zustand';
import { en } from './en';
import { zhCN, type Dictionary, type MessageKey } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type { MessageKey, Dictionary };

export const DICTIONARIES: Readonly<Record<Lang, Dictionary>> = { 'zh-CN': zhCN, en };

export type Params = Readonly<Record<string, string | number>>;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

export const useLangStore = create<LangState>((set) => ({
  lang: 'zh-CN',
  setLang: (lang) => set({ lang }),
}));

export type T = (key: MessageKey, params?: Params) => string;

/** The translate function for the current language; components re-render when it changes. */
export function useT(): T {
  const lang = useLangStore((s) => s.lang);
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}

export function useLang(): Lang {
  return useLangStore((s) => s.lang);
}

/** The label in the current language from a shared-schema Bilingual. */
export function pick(text: { zh: string; en: string }, lang: Lang): string {
  return lang === 'zh-CN' ? text.zh : text.en;
}
