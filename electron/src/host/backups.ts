/**
 * Backups with rotation. A backup series is the file name up to its first digit
 * (`linkdesk-backup-20261128-2030.ldbak` belongs to series `linkdesk-backup-` with extension `.ldbak`);
 * names carry a sortable timestamp, so the newest files are the greatest names. After writing, only the
 * newest `keep` files of the series stay; the others are deleted and reported.
 */
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BridgeError } from '@shared/bridge';
import { joinBareName } from './safe-paths';

export function backupSeries(fileName: string): { prefix: string; ext: string } {
  const digit = fileName.search(/[0-9]/);
  return { prefix: digit < 0 ? fileName : fileName.slice(0, digit), ext: path.extname(fileName) };
}

/** Writes `data` as `folder/fileName` (atomically: temp file then rename) and prunes the series to `keep`. */
export async function writeRotatedBackup(
  folder: string,
  fileName: string,
  data: Uint8Array,
  keep: number,
): Promise<{ path: string; removed: string[] }> {
  const target = joinBareName(folder, fileName);
  const tmp = joinBareName(folder, `.${fileName}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new BridgeError('BRIDGE_IO_FAILED', `could not write ${target}: ${(error as Error).message}`);
  }

  const { prefix, ext } = backupSeries(fileName);
  const entries = await readdir(folder, { withFileTypes: true });
  const series = entries
    .filter(
      (e) =>
        e.isFile() &&
        e.name.startsWith(prefix) &&
        e.name.endsWith(ext) &&
        (prefix === fileName ? e.name === fileName : /^[0-9]/.test(e.name.slice(prefix.length))),
    )
    .map((e) => e.name)
    .sort()
    .reverse();
  const removed: string[] = [];
  for (const name of series.slice(keep)) {
    if (name === fileName) continue;
    const p = path.join(folder, name);
    await rm(p, { force: true });
    removed.push(p);
  }
  return { path: target, removed };
}
