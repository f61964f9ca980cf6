import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireAdmin } from '../http/admin-auth.js';
import { issueEnrolCode } from './codes.js';
import { approveEnrolRequest, enrolWithCode, listDevices, revokeDevice, rotateDeviceKey } from './devices.js';
import { asObject, requireString } from './validate.js';

export function enrolRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { pool, keyring } = ctx;
  const admin = { onRequest: async (request: FastifyRequest) => requireAdmin(request, ctx.config.adminToken) };

  app.get('/v1/server-keys', async () => ({ keys: await keyring.publicKeys() }));

  app.post('/v1/enrol', async (request, reply) =>
    reply.status(201).send(await enrolWithCode(pool, keyring, request.body)),
  );

  app.post<{ Params: { id: string } }>('/v1/devices/:id/rotate', async (request) =>
    rotateDeviceKey(pool, keyring, request.params.id, request.body),
  );

  app.post('/v1/admin/enrol-codes', admin, async (request, reply) => {
    const body = asObject(request.body, 'the request');
    const hours = body.hours === undefined ? undefined : Number(body.hours);
    return reply.status(201).send(await issueEnrolCode(pool, body.county as string, hours));
  });

  /** Body: { request: "<the enrolment request file's text>" }. */
  app.post('/v1/admin/enrol-requests', admin, async (request, reply) => {
    const body = asObject(request.body, 'the request');
    return reply
      .status(201)
      .send(await approveEnrolRequest(pool, keyring, requireString(body, 'request', undefined, 64 * 1024)));
  });

  app.get<{ Querystring: { county?: string } }>('/v1/admin/devices', admin, async (request) => ({
    devices: await listDevices(pool, request.query.county),
  }));

  app.post<{ Params: { id: string } }>('/v1/admin/devices/:id/revoke', admin, async (request) => {
    const body = (request.body ?? {}) as { reason?: unknown };
    return revokeDevice(pool, request.params.id, typeof body.reason === 'string' ? body.reason : null);
  });
}
