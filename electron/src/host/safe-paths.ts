/**
 * Path checks for everything the renderer names: a folder must lie inside an allowed root (after resolving
 * symlinks), a file name must be a bare name. Anything else is refused with BRIDGE_PATH_REFUSED.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { BridgeError } from '@shared/bridge';

/** True when `target` is `root` or below it (both already absolute and normalised). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Resolves `folder` (must exist) and returns its real path when it lies inside one of `roots`. */
export async function resolveAllowedFolder(folder: string, roots: readonly string[]): Promise<string> {
  if (!path.isAbsolute(folder)) throw new BridgeError('BRIDGE_PATH_REFUSED', `${folder} is not an absolute path`);
  let real: string;
  try {
    real = await realpath(folder);
  } catch {
    throw new BridgeError('BRIDGE_IO_FAILED', `folder ${folder} does not exist or cannot be read`);
  }
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot && isInside(realRoot, real)) return real;
  }
  throw new BridgeError(
    'BRIDGE_PATH_REFUSED',
    `${folder} is not inside the data folder or a folder chosen by the user`,
  );
}

/** A file name joined to a folder, refused unless it stays directly inside that folder. */
export function joinBareName(folder: string, name: string): string {
  const joined = path.join(folder, name);
  if (path.dirname(joined) !== path.resolve(folder) || path.basename(joined) !== name) {
    throw new BridgeError('BRIDGE_PATH_REFUSED', `${name} is not a bare file name`);
  }
  return joined;
}
