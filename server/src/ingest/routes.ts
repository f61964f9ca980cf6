import type { FastifyInstance } from 'fastify';
import { PACKAGE_CONTENT_TYPE, PACKAGE_LIMITS } from '@shared/package';
import type { AppContext } from '../context.js';
import { DEFAULT_LIMITS } from '../config.js';
import { WindowCounter } from '../http/limits.js';
import { ingestPackage } from './ingest.js';

/**
 * The signed bodies' content types, read as raw bytes wherever they are sent: the spec's
 * `application/vnd.linkdesk.package+json`, the older `application/vnd.linkdesk.package`, and octet-stream.
 */
export const PACKAGE_CONTENT_TYPES = [
  PACKAGE_CONTENT_TYPE,
  'application/vnd.linkdesk.package',
  'application/octet-stream',
];

const rawBytes = (_request: unknown, body: Buffer, done: (err: null, body: Buffer) => void): void => done(null, body);

/** The package limit the server applies: BODY_LIMIT may lower the spec's 4 MiB, never raise it. */
export const packageLimit = (bodyLimit: number): number => Math.min(bodyLimit, PACKAGE_LIMITS.maxBytes);

export function ingestRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The package travels as its exact file bytes (signed canonical JSON), never re-parsed by Fastify.
  app.addContentTypeParser(PACKAGE_CONTENT_TYPES, { parseAs: 'buffer' }, rawBytes);

  const maxBytes = packageLimit(ctx.config.bodyLimit);
  const perDevice = new WindowCounter(
    ctx.config.rateLimit.deviceMax ?? DEFAULT_LIMITS.deviceMax,
    ctx.config.rateLimit.windowMs,
  );
  // Own scope: /v1/packages reads EVERY content type as raw bytes (application/json and text/plain included), so a
  // re-spelt body (whitespace, 1.0, \u escapes, a BOM, duplicate members) meets the canonical-bytes check and is
  // refused instead of being re-serialised into something that verifies, and a deeply nested body is never
  // walked by a recursive parser or serialiser.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, rawBytes);

    /**
     * POST /v1/packages: a `changes` package → 200 { status, receipt } or a refusal with a stable code.
     * Bodies up to twice the package limit are read so that an oversized package leaves a bounded quarantine record
     * (too-large) for review; beyond that the connection is refused unread (body-too-large).
     */
    scope.post('/v1/packages', { bodyLimit: maxBytes * 2 }, async (request, reply) => {
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array(0);
      const result = await ingestPackage(ctx.pool, ctx.keyring, bytes, 'http', maxBytes, {
        sourceAddress: request.ip,
        deviceAllowance: (deviceId) => perDevice.hit(deviceId),
      });
      return reply.status(200).send(result);
    });
  });
}
