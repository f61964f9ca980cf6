/** Hands generated workbooks to the host (Electron save dialog, or the browser shell's exports folder). */
import { getBridge } from '../platform';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Where the file went, or null when the user cancelled. */
export async function saveWorkbook(suggestedName: string, bytes: Uint8Array): Promise<string | null> {
  const saved = await getBridge().saveFile({ suggestedName, mime: XLSX_MIME, dataBase64: toBase64(bytes) });
  return saved?.path ?? null;
}

/** Asks the host for a spreadsheet to import; null when cancelled. */
export async function openSpreadsheet(): Promise<{ name: string; bytes: Uint8Array } | null> {
  const file = await getBridge().openFile({ accept: ['.xlsx', '.xls', '.csv'] });
  return file ? { name: file.name, bytes: fromBase64(file.dataBase64) } : null;
}
