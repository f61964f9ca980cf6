/**
 * Chinese typed the way a clerk's IME types it: the field first sees a composition (the pinyin being typed,
 * with compositionstart/update events and `isComposing` keys), then the chosen characters are committed.
 * Driven through Chromium's own IME entry points (CDP Input.imeSetComposition / Input.insertText).
 */
import type { Locator, Page } from '@playwright/test';

export async function imeType(page: Page, field: Locator, pinyin: string, text: string): Promise<void> {
  await field.click();
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let i = 1; i <= pinyin.length; i++) {
      const part = pinyin.slice(0, i);
      await cdp.send('Input.imeSetComposition', { text: part, selectionStart: part.length, selectionEnd: part.length });
    }
    await cdp.send('Input.insertText', { text });
  } finally {
    await cdp.detach();
  }
}
