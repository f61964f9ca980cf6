/** Saves a workbook through the bridge and says where it went (or why it could not be saved). */
import { message } from 'antd';
import type { T } from '../../i18n';
import { saveWorkbook } from '../../spreadsheet/save-file';

export async function saveAndTell(t: T, fileName: string, bytes: Uint8Array): Promise<string | null> {
  try {
    const path = await saveWorkbook(fileName, bytes);
    if (path) void message.success({ content: t('import.saved', { path }), className: 'saved-file-message' });
    return path;
  } catch (error) {
    void message.error(t('import.saveFailed', { reason: error instanceof Error ? error.message : String(error) }));
    return null;
  }
}
