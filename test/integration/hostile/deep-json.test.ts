// Finding: a 100,000-deep JSON body to /v1/packages as application/json ended in a 500 (RangeError: the body was
// parsed and re-serialised recursively). Every content type is now read as raw bytes and refused with a code.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/postgres';
import { useServer } from '../server/harness';

const DEPTH = 100_000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const envelope = (inner: string) =>
  `{"body":${inner},"digest":"${'0'.repeat(64)}","header":{"format":"linkdesk.package","version":1},"signature":"AA"}`;

describe.each(databaseKinds())('deep JSON to POST /v1/packages on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  const send = (payload: string, contentType: string) =>
    server.app.inject({ method: 'POST', url: '/v1/packages', headers: { 'content-type': contentType }, payload });

  it.each([
    ['a deep array', deepArray],
    ['a deep object', deepObject],
    ['a deep body inside a well-formed envelope', envelope(deepArray)],
    ['a deep header member', envelope('1').replace('"version":1', `"version":1,"x":${deepObject}`)],
  ])('answers %s with 400 malformed under every content type, never a 500', async (_name, payload) => {
    for (const type of [
      'application/json',
      'application/vnd.linkdesk.package+json',
      'application/vnd.linkdesk.package',
      'application/octet-stream',
      'text/plain',
    ]) {
      const res = await send(payload, type);
      expect([res.statusCode, res.json().code], `${type}: ${res.body.slice(0, 200)}`).toEqual([400, 'malformed']);
      expect(res.json().message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }
  });

  it('answers random bytes and an empty body with a 4xx code', async () => {
    for (const payload of [randomBytes(4096), Buffer.alloc(0)]) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/packages',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('malformed');
    }
  });
});
