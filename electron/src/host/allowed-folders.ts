/**
 * Folders the renderer may write into: the data folder, plus every folder the user picked in a folder
 * dialog (remembered in `<dataDir>/allowed-folders.json` so a chosen USB backup folder stays usable).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class AllowedFolders {
  private chosen: string[] | null = null;

  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, 'allowed-folders.json');
  }

  async roots(): Promise<string[]> {
    return [this.dataDir, ...(await this.load())];
  }

  async add(folder: string): Promise<void> {
    const chosen = await this.load();
    const resolved = path.resolve(folder);
    if (chosen.includes(resolved)) return;
    chosen.push(resolved);
    await mkdir(this.dataDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(chosen, null, 2));
    await rename(tmp, this.file);
  }

  private async load(): Promise<string[]> {
    if (this.chosen) return this.chosen;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      this.chosen = Array.isArray(parsed)
        ? parsed.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p))
        : [];
    } catch {
      this.chosen = [];
    }
    return this.chosen;
  }
}
