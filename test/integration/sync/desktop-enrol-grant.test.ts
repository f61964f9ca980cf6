// The app's enrolment follows the enrolment code: the key is made in the algorithm the code requires, and the
// certificate's office level and scope become the office's (设置 shows them, they cannot be changed there).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOfficeSettings, setOfficeRole } from '../../../renderer/src/storage/repositories';
import { useServer } from '../server/harness';
import { enrolledDesktop } from './support/desktop-device';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-grant-'));
beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the app enrols as the code says', () => {
  it('a code for SM2-SM3 gives the new device an SM2 key and an SM2 certificate', async () => {
    const d = await enrolledDesktop(server, url, dir, 'sm2', '130628', { alg: 'SM2-SM3' });
    expect((await d.bridge.keystoreStatus()).key).toMatchObject({ alg: 'SM2-SM3' });
    const row = (await server.pool.query('SELECT alg FROM devices WHERE operator = $1', ['操作员sm2'])).rows[0];
    expect(row).toEqual({ alg: 'SM2-SM3' });
  });

  it('a code for a city office makes this office a city office of that city, which 设置 cannot change', async () => {
    const d = await enrolledDesktop(server, url, dir, 'city', '130600', { level: 'city', scope: '130600' });
    expect(await readOfficeSettings(d.repos.settings)).toMatchObject({
      role: 'city',
      certified: { level: 'city', code: '130600' },
    });
    await expect(setOfficeRole(d.repos.settings, 'province')).rejects.toThrow(RangeError);
  });
});
