/**
 * Enter in a form moves to the next field, as clerks used to paper-like forms expect; it never saves (saving
 * is the 保存 button or Ctrl+S). Enter is left alone where it already means something: a new line in a text
 * area, picking in an open list, finishing an IME composition.
 */
import type { KeyboardEvent } from 'react';

/** The controls a clerk fills, in page order (inputs of selects, cascaders and numbers, switches, text areas). */
const FIELD_CONTROLS = [
  '.ant-form-item-control input:not([type=hidden]):not([type=file]):not([disabled])',
  '.ant-form-item-control textarea:not([disabled])',
  '.ant-form-item-control button[role=switch]:not([disabled])',
].join(',');

export function fieldControls(form: HTMLElement): HTMLElement[] {
  return [...form.querySelectorAll<HTMLElement>(FIELD_CONTROLS)].filter((el) => el.tabIndex >= 0);
}

/** The control after `from`, or the form's save button after the last one. */
export function nextControl(form: HTMLElement, from: Element): HTMLElement | null {
  const controls = fieldControls(form);
  const at = controls.findIndex((el) => el === from || el.contains(from));
  if (at >= 0 && at + 1 < controls.length) return controls[at + 1]!;
  return form.querySelector<HTMLElement>('[data-testid="form-save"]');
}

/** Whether this Enter is one the form should turn into "next field". */
export function isMoveOnEnter(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & {
    target: EventTarget | null;
    nativeEvent: { isComposing?: boolean; keyCode?: number };
  },
): boolean {
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return false;
  // 229: the key that ends an IME composition in Chromium
  if (e.nativeEvent.isComposing || e.nativeEvent.keyCode === 229) return false;
  const target = e.target as HTMLElement | null;
  if (!target || target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON') return false;
  // an open select / cascader list: Enter picks the highlighted option
  if (target.getAttribute('aria-expanded') === 'true') return false;
  return target.tagName === 'INPUT';
}

/** The form's onKeyDown: Enter moves on instead of submitting. */
export function moveOnEnter(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault(); // no implicit submit, ever
  if (!isMoveOnEnter(e)) return;
  const next = nextControl(e.currentTarget, e.target as Element);
  next?.focus();
}
