/** Native dialogs for the host services (the paths come from the user, never from the renderer). */
import { type BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { type HostDialogs } from '../host';

export function createElectronDialogs(parent: () => BrowserWindow | null, defaultFolder: string): HostDialogs {
  return {
    async chooseSavePath(suggestedName) {
      const win = parent();
      const options = {
        defaultPath: path.join(defaultFolder, suggestedName),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as (
          'createDirectory' | 'showOverwriteConfirmation'
        )[],
      };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenPath(accept) {
      const win = parent();
      const extensions = accept.filter((a) => a.startsWith('.')).map((a) => a.slice(1));
      const options = {
        defaultPath: defaultFolder,
        properties: ['openFile'] as 'openFile'[],
        filters: extensions.length > 0 ? [{ name: extensions.join(', '), extensions }] : [],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFolder() {
      const win = parent();
      const options = { properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
