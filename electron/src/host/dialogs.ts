/**
 * How the host asks the user for a path. Electron shows native dialogs (electron/src/main/dialogs.ts);
 * the browser shell has no window of its own, so it uses fixed folders under the data dir instead.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface HostDialogs {
  /** Where to save a file; null = cancelled. */
  chooseSavePath(suggestedName: string, mime: string): Promise<string | null>;
  /** Which file to open; null = cancelled. */
  chooseOpenPath(accept: readonly string[]): Promise<string | null>;
  /** Which folder to use; null = cancelled. */
  chooseFolder(): Promise<string | null>;
}

/**
 * The browser shell's stand-ins: saving goes to `<dataDir>/exports/` (a free name is picked; an existing file
 * is never overwritten), the folder "dialog" offers `<dataDir>/backups/`, and opening answers null because
 * the browser-shell client shows Chromium's own file chooser in the page instead.
 */
export function createDataDirDialogs(dataDir: string): HostDialogs {
  return {
    async chooseSavePath(suggestedName) {
      const folder = path.join(dataDir, 'exports');
      await mkdir(folder, { recursive: true });
      return freeName(folder, suggestedName);
    },
    async chooseOpenPath() {
      return null;
    },
    async chooseFolder() {
      const folder = path.join(dataDir, 'backups');
      await mkdir(folder, { recursive: true });
      return folder;
    },
  };
}

/** `name.ext`, or `name (2).ext`, `name (3).ext`, … whichever does not exist yet. */
export async function freeName(folder: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    const exists = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
  throw new Error(`no free file name for ${name} in ${folder}`);
}
