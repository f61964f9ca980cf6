import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { errors } from '../http/errors.js';
import { changesPage, parsePageQuery } from './changes.js';
import { authenticatePull } from './pull-auth.js';

export const PULL_REQUEST_CONTENT_TYPE = 'application/vnd.linkdesk.pull-request';

export function pullRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The signed document travels as its exact bytes (application/octet-stream is registered by the ingest routes).
  app.addContentTypeParser(PULL_REQUEST_CONTENT_TYPE, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  /** POST /v1/pull: a signed pull request document → the signed return page bytes (the USB return file). */
  app.post('/v1/pull', async (request, reply) => {
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw errors.unsupportedMediaType();
    const { device, request: pull } = await authenticatePull(ctx.pool, new Uint8Array(body));
    const page = parsePageQuery(pull.after, pull.limit);
    if (!page) throw errors.invalidRequest('after must be a cursor ≥ 0 and limit between 1 and 5000');
    const result = await changesPage(ctx.pool, ctx.keyring, device, page.after, page.limit);
    return reply.status(200).type('application/vnd.linkdesk.package').send(result.package);
  });
}
