import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.js';
import { errors } from '../http/errors.js';
import { changesPage, parsePageQuery } from './changes.js';
import { authenticateDevice } from './device-auth.js';

export function pullRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** GET /v1/changes?after=CURSOR&limit=N, signed by the device (see device-auth.ts) → one signed return page. */
  app.get<{ Querystring: { after?: string; limit?: string } }>('/v1/changes', async (request) => {
    const device = await authenticateDevice(ctx.pool, request);
    const page = parsePageQuery(request.query.after, request.query.limit);
    if (!page) throw errors.invalidRequest('after must be a cursor ≥ 0 and limit between 1 and 5000');
    return changesPage(ctx.pool, ctx.keyring, device, page.after, page.limit);
  });
}
