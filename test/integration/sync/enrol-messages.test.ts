/**
 * The enrolment client's messages: every code POST /v1/enrol can refuse with has its own plain message, mapped by
 * code (shared/src/sync/enrol-refusals.ts); the device CLI shows it for a used code and an unknown code against the
 * real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENROL_REFUSAL_TEXT, errorFromHttp, enrolRefusal, SyncError } from '@shared/sync';
import { enrolErrors } from '../../../server/src/enrol/errors';
import { adminHeaders, useServer } from '../server/harness';
import { cmd } from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-enrolmsg-'));

beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function newCode(county = '130132'): Promise<string> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/admin/enrol-codes',
    headers: adminHeaders,
    payload: { county },
  });
  return (res.json() as { code: string }).code;
}

describe('enrolment messages', () => {
  it('every enrolment refusal code of the server has its own plain message, never the generic one', () => {
    const rejection = { ok: false, reason: 'MALFORMED', message: { zh: 'x', en: 'x' } } as never;
    const errors = Object.entries(enrolErrors).map(([name, make]) =>
      name === 'fileRefused'
        ? enrolErrors.fileRefused(rejection)
        : (make as (...a: string[]) => ReturnType<typeof enrolErrors.codeUsed>)('130132', '130133'),
    );
    for (const e of errors) {
      expect(ENROL_REFUSAL_TEXT[e.code], e.code).toBeDefined();
      const shown = enrolRefusal(errorFromHttp(e.status, { code: e.code, message: e.text }));
      expect(shown, e.code).toBeInstanceOf(SyncError);
      expect((shown as SyncError).text).toEqual(ENROL_REFUSAL_TEXT[e.code]);
    }
    expect(new Set(Object.values(ENROL_REFUSAL_TEXT).map((t) => t.zh)).size).toBe(
      Object.keys(ENROL_REFUSAL_TEXT).length,
    );
  });

  it('device enroll with a used code or an unknown code says so in plain words (not SERVER_ERROR)', async () => {
    const code = await newCode();
    const first = join(dir, 'first');
    await cmd(first, 'init', '--county', '130132', '--operator', '甲');
    await cmd(first, 'enroll', '--server', url, '--code', code);

    const second = join(dir, 'second');
    await cmd(second, 'init', '--county', '130132', '--operator', '乙');
    await expect(cmd(second, 'enroll', '--server', url, '--code', code)).rejects.toMatchObject({
      code: 'ENROL_REFUSED',
      text: ENROL_REFUSAL_TEXT['enrol-code-used'],
    });
    await expect(cmd(second, 'enroll', '--server', url, '--code', 'AAAA-BBBB-CCCC')).rejects.toMatchObject({
      code: 'ENROL_REFUSED',
      text: ENROL_REFUSAL_TEXT['enrol-code-unknown'],
    });
  });
});
