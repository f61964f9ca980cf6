// One guard for every route's text inputs, run before any route code: a query parameter or path id holding a control
// byte (NUL, other C0 controls, DEL) is refused 400 `invalid-characters` naming the parameter, and so is a NUL
// anywhere in a JSON body's strings or keys. PostgreSQL cannot store NUL in text; without this guard it surfaced
// as a 500 from whichever query met it first (`/v1/admin/devices?county=%00`, `/v1/admin/devices/a%00b/revoke`,
// a NUL in the enrolment operator name).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

/** C0 controls and DEL: never part of a code, an id, a period or a filter. */
// eslint-disable-next-line no-control-regex -- matching control bytes is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Routes whose body is a signed document read as bytes (their own format rules judge it, and quarantine it). */
const RAW_BODY_ROUTES = new Set(['/v1/packages', '/v1/pull']);

/** A JSON body with more nodes than this is not walked further (the body limit bounds it anyway). */
const MAX_NODES = 1_000_000;

export const inputErrors = {
  invalidCharacters: (at: string) => {
    // A path into a deeply nested body can be long: name its start.
    const where = at.length > 120 ? `${at.slice(0, 120)}…` : at;
    return new ApiError(
      400,
      'invalid-characters',
      {
        zh: `「${where}」含有不允许的控制字符（如 NUL）。`,
        en: `"${where}" contains a control character (such as NUL) that is not allowed.`,
      },
      { field: where },
    );
  },
};

/** The first query or path parameter holding a control byte, as `query.NAME` / `params.NAME`. */
export function badParameter(request: Pick<FastifyRequest, 'query' | 'params'>): string | undefined {
  for (const [kind, values] of [
    ['query', request.query],
    ['params', request.params],
  ] as const) {
    if (!values || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      if (CONTROL.test(name)) return `${kind}`;
      const list = Array.isArray(value) ? value : [value];
      if (list.some((v) => typeof v === 'string' && CONTROL.test(v))) return `${kind}.${name}`;
    }
  }
  return undefined;
}

/** The path (`body.a.b[2]`) of the first string or key holding NUL in a parsed JSON body; iterative, so depth is free. */
export function nulInBody(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) {
    return typeof body === 'string' && body.includes('\u0000') ? 'body' : undefined;
  }
  const stack: [unknown, string][] = [[body, 'body']];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_NODES) {
    const [value, where] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return where;
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, `${where}[${i}]`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k.includes('\u0000')) return where;
        stack.push([v, `${where}.${k}`]);
      }
    }
  }
  return undefined;
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const bad = badParameter(request);
    if (bad) throw inputErrors.invalidCharacters(bad);
  });
  app.addHook('preValidation', async (request) => {
    if (RAW_BODY_ROUTES.has(request.routeOptions.url ?? '')) return;
    const bad = nulInBody(request.body);
    if (bad) throw inputErrors.invalidCharacters(bad);
  });
}
