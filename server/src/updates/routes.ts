import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors, sendError } from '../http/errors.js';
import { fileStream, findFeedFile, multipartBody, type FeedFile } from './feed.js';
import { MAX_OVERLAPS, MAX_RANGES, parseRange } from './ranges.js';

/** GET/HEAD /updates/:file — the electron-updater generic feed (publish url `<server>/updates/`). */
export function updateRoutes(
  app: FastifyInstance,
  updatesDir: string,
  limit: { max: number; windowMs: number } = { max: 3000, windowMs: 60_000 },
): void {
  // Static files, cheap to serve, but each answer may be megabytes: a bucket of their own per client IP, sized so a
  // county's PCs behind one NAT address all update at once (UPDATES_RATE_LIMIT_MAX).
  const options = { config: { rateLimit: { max: limit.max, timeWindow: limit.windowMs } } };
  app.get('/updates/', options, async (_request, reply) => sendError(reply, errors.notFound()));
  app.get<{ Params: { file: string } }>('/updates/:file', options, async (request, reply) => {
    const found = await findFeedFile(updatesDir, request.params.file);
    if (!found) return sendError(reply, errors.notFound());
    return serve(request, reply, found);
  });
}

function notModified(request: FastifyRequest, f: FeedFile): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim() === f.etag || t.trim() === '*');
  const ims = request.headers['if-modified-since'];
  return ims !== undefined && Math.floor(f.mtime.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
}

/** If-Range: ranges apply only while the file is still the one the client started with. */
function rangeStillValid(request: FastifyRequest, f: FeedFile): boolean {
  const raw = request.headers['if-range'];
  const ifRange = Array.isArray(raw) ? raw[0] : raw;
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === f.etag;
  return Math.floor(f.mtime.getTime() / 1000) <= Math.floor(Date.parse(ifRange) / 1000);
}

async function serve(request: FastifyRequest, reply: FastifyReply, f: FeedFile): Promise<FastifyReply> {
  reply.header('accept-ranges', 'bytes');
  reply.header('etag', f.etag);
  reply.header('last-modified', f.mtime.toUTCString());
  reply.header('x-content-type-options', 'nosniff');
  // The metadata changes on every release under the same name; installers are versioned names.
  reply.header('cache-control', f.name.endsWith('.yml') ? 'no-cache' : 'public, max-age=300');
  if (notModified(request, f)) return reply.status(304).send();

  const ranges = rangeStillValid(request, f) ? parseRange(request.headers.range, f.size) : undefined;
  if (ranges === 'unsatisfiable' || ranges === 'too-many') {
    reply.header('content-range', `bytes */${f.size}`);
    return sendError(reply, ranges === 'too-many' ? tooManyRanges() : rangeError());
  }
  if (ranges === undefined) {
    reply.header('content-type', f.contentType).header('content-length', f.size);
    return reply.status(200).send(fileStream(f.file));
  }
  if (ranges.length === 1) {
    const r = ranges[0]!;
    reply
      .header('content-type', f.contentType)
      .header('content-range', `bytes ${r.start}-${r.end}/${f.size}`)
      .header('content-length', r.end - r.start + 1);
    return reply.status(206).send(fileStream(f.file, r.start, r.end));
  }
  const boundary = randomBytes(12).toString('hex');
  const body = multipartBody(f, ranges, boundary);
  reply.header('content-type', `multipart/byteranges; boundary=${boundary}`).header('content-length', body.length);
  return reply.status(206).send(body.stream);
}

function tooManyRanges(): ApiError {
  return new ApiError(
    416,
    'range-too-many',
    {
      zh: `请求的字节范围太多或相互重叠（最多 ${MAX_RANGES} 段，重叠或倒序的最多 ${MAX_OVERLAPS} 段）。`,
      en: `Too many byte ranges, or too many overlapping ones (at most ${MAX_RANGES}, of which ${MAX_OVERLAPS} overlapping or out of order).`,
    },
    { maxRanges: MAX_RANGES, maxOverlaps: MAX_OVERLAPS },
  );
}

function rangeError(): ApiError {
  return new ApiError(416, 'range-not-satisfiable', {
    zh: '请求的字节范围超出文件大小。',
    en: 'The requested byte range lies outside the file.',
  });
}
