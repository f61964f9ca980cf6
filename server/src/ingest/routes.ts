import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ingestPackage } from './ingest.js';

export const PACKAGE_CONTENT_TYPES = ['application/vnd.linkdesk.package', 'application/octet-stream'];

export function ingestRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The package travels as its exact file bytes (signed canonical JSON), never re-parsed by Fastify.
  app.addContentTypeParser(PACKAGE_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  /**
   * POST /v1/packages: a `changes` package → 200 { status, receipt } or a refusal with a stable code.
   * Bodies up to twice BODY_LIMIT are read so that an oversized package is quarantined (too-large) for review;
   * beyond that the connection is refused unread (body-too-large).
   */
  app.post('/v1/packages', { bodyLimit: ctx.config.bodyLimit * 2 }, async (request, reply) => {
    const body = request.body;
    const bytes = Buffer.isBuffer(body)
      ? new Uint8Array(body)
      : new Uint8Array(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? null)));
    const result = await ingestPackage(ctx.pool, ctx.keyring, bytes, 'http', ctx.config.bodyLimit);
    return reply.status(200).send(result);
  });
}
