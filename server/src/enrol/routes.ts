import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SMALL_DOCUMENT_MAX_BYTES } from '@shared/package';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../http/admin-auth.js';
import { issueEnrolCode } from './codes.js';
import {
  approveEnrolRequest,
  enrolPolicy,
  enrolWithCode,
  listDevices,
  revokeDevice,
  rotateDeviceKey,
} from './devices.js';
import { asObject, requireString } from './validate.js';

/**
 * Bodies that carry one small signed document (an enrolment request ≤ 64 KiB) as JSON: twice the document limit
 * leaves room for the JSON string escaping of its text and the few fields around it; larger is refused unread.
 */
export const SMALL_BODY_LIMIT = 2 * SMALL_DOCUMENT_MAX_BYTES;

export function enrolRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { pool, keyring } = ctx;
  const bodyLimit = Math.min(ctx.config.bodyLimit, SMALL_BODY_LIMIT);
  const admin = {
    bodyLimit,
    onRequest: async (request: FastifyRequest) => requireAdmin(request, ctx.config.adminToken),
  };

  app.get('/v1/server-keys', async () => ({ keys: await keyring.publicKeys() }));

  app.post('/v1/enrol', { bodyLimit }, async (request, reply) =>
    reply.status(201).send(await enrolWithCode(pool, keyring, request.body)),
  );

  /** What a code requires before the device makes its key: { alg, level, scope } (the code is not used up). */
  app.post('/v1/enrol/policy', { bodyLimit }, async (request) => enrolPolicy(pool, request.body));

  app.post<{ Params: { id: string } }>('/v1/devices/:id/rotate', { bodyLimit }, async (request) =>
    rotateDeviceKey(pool, keyring, request.params.id, request.body),
  );

  app.post('/v1/admin/enrol-codes', admin, async (request, reply) => {
    const body = asObject(request.body, 'the request');
    const hours = body.hours === undefined ? undefined : Number(body.hours);
    const grant = { county: body.county, level: body.level, scope: body.scope, alg: body.alg };
    return reply.status(201).send(await issueEnrolCode(pool, grant, hours));
  });

  /** Body: { request: "<the enrolment request file's text>", level?, scope?, alg? }. */
  app.post('/v1/admin/enrol-requests', admin, async (request, reply) => {
    const body = asObject(request.body, 'the request');
    const grant = { level: body.level, scope: body.scope, alg: body.alg };
    return reply
      .status(201)
      .send(await approveEnrolRequest(pool, keyring, requireString(body, 'request', undefined, 64 * 1024), grant));
  });

  app.get<{ Querystring: { county?: string } }>('/v1/admin/devices', admin, async (request) => ({
    devices: await listDevices(pool, request.query.county),
  }));

  app.post<{ Params: { id: string } }>('/v1/admin/devices/:id/revoke', admin, async (request) => {
    const body = (request.body ?? {}) as { reason?: unknown };
    return revokeDevice(pool, request.params.id, typeof body.reason === 'string' ? body.reason : null);
  });
}
