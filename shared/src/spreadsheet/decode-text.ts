/**
 * CSV bytes → text. Excel on Chinese Windows saves 「CSV（逗号分隔）」 in GBK (code page 936); 「CSV UTF-8」 and
 * WPS add a BOM; LibreOffice writes UTF-8 without one. Valid UTF-8 is taken as UTF-8 (a GBK file of Chinese
 * text is almost never valid UTF-8), anything else is decoded as GB18030, the superset of GBK.
 */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'gb18030';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** True when the bytes look like text rather than a binary file (no NUL bytes in the first 4 KiB). */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let nul = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nul++;
  // UTF-16 text has NULs in every other byte; it is text too, recognised by its BOM.
  return nul === 0 || (bytes[0] === 0xff && bytes[1] === 0xfe);
}
