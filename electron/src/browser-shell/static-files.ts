/** Serves the built renderer (dist/renderer) read-only: known file types only, never outside the folder. */
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticResult = { status: 200; body: Buffer; contentType: string; file: string } | { status: 400 | 404 };

/** Maps a URL path to a file under `root`; `..`, encoded separators, NUL and symlinks out of `root` are refused. */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 400 };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const contentType = MIME_TYPES[path.extname(relative).toLowerCase()];
  if (!contentType) return { status: 404 };
  try {
    const realRoot = await realpath(root);
    const file = await realpath(path.join(realRoot, relative));
    const rel = path.relative(realRoot, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return { status: 404 };
    if (!(await stat(file)).isFile()) return { status: 404 };
    return { status: 200, body: await readFile(file), contentType, file };
  } catch {
    return { status: 404 };
  }
}
