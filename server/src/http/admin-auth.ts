import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { errors } from './errors.js';

const sha = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Throws 401 unless the request carries `Authorization: Bearer <ADMIN_TOKEN>`. */
export function requireAdmin(request: FastifyRequest, adminToken: string): void {
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  // Compare digests so the comparison takes the same time whatever the length.
  if (!given || !timingSafeEqual(sha(given), sha(adminToken))) throw errors.unauthorized();
}
