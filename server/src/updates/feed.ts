// electron-updater's generic feed, served from a folder (UPDATES_DIR): latest.yml, latest-linux.yml, installers and
// their .blockmap files, with Range requests, validators (ETag, Last-Modified) and conditional GETs.
// Only plain files directly in the folder are served: no listing, no sub-folders, no hidden files, no traversal.
import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/** A feed file name: no separators, no leading dot, nothing outside printable ASCII-ish names installers use. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._+~()-]{0,254}$/;

const CONTENT_TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.msi': 'application/x-msi',
  '.appimage': 'application/vnd.appimage',
  '.deb': 'application/vnd.debian.binary-package',
  '.rpm': 'application/x-rpm',
  '.zip': 'application/zip',
  '.7z': 'application/x-7z-compressed',
  '.dmg': 'application/x-apple-diskimage',
  '.blockmap': 'application/octet-stream',
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

export interface FeedFile {
  file: string;
  name: string;
  size: number;
  mtime: Date;
  etag: string;
  contentType: string;
}

/** The file `name` names in `dir`, or undefined (bad name, missing, not a regular file, or a link leading out). */
export async function findFeedFile(dir: string, name: string): Promise<FeedFile | undefined> {
  if (!FILE_NAME.test(name) || name.includes('..')) return undefined;
  const root = path.resolve(dir);
  const file = path.join(root, name);
  if (path.dirname(file) !== root) return undefined;
  try {
    const stat = await lstat(file);
    if (stat.isSymbolicLink()) {
      const target = await realpath(file);
      if (path.dirname(target) !== (await realpath(root))) return undefined;
    }
    const real = stat.isSymbolicLink() ? await lstat(await realpath(file)) : stat;
    if (!real.isFile()) return undefined;
    return {
      file,
      name,
      size: real.size,
      mtime: real.mtime,
      etag: `"${real.size.toString(16)}-${Math.floor(real.mtimeMs).toString(16)}"`,
      contentType: contentTypeOf(name),
    };
  } catch {
    return undefined;
  }
}

export function fileStream(file: string, start?: number, end?: number): Readable {
  return createReadStream(file, start === undefined ? {} : { start, end });
}

/** multipart/byteranges body and its exact length. */
export function multipartBody(
  f: FeedFile,
  ranges: readonly { start: number; end: number }[],
  boundary: string,
): { stream: Readable; length: number } {
  const heads = ranges.map((r) =>
    Buffer.from(
      `--${boundary}\r\nContent-Type: ${f.contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${f.size}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + (ranges[i]!.end - ranges[i]!.start + 1) + 2, 0) + tail.length;
  async function* parts(): AsyncGenerator<Buffer> {
    for (const [i, r] of ranges.entries()) {
      yield heads[i]!;
      for await (const chunk of fileStream(f.file, r.start, r.end)) yield chunk as Buffer;
      yield Buffer.from('\r\n');
    }
    yield tail;
  }
  return { stream: Readable.from(parts()), length };
}
