/**
 * `admin export-return` continues from the device's last confirmed cursor (the `after` of its last pull) and writes
 * every page into FILE, FILE.2, … (docs/sync-protocol.md, "The USB return package"); importing them all gives the
 * device exactly what it lacked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateDigest } from '@shared/change';
import { COMMANDS } from '../../../server/src/admin/commands';
import { useServer } from '../server/harness';
import {
  countyView,
  demand,
  deviceState,
  enrolledDevice,
  engineOf,
  serverOps,
  syncDevice,
  write,
} from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-exportret-'));

beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exportReturn = (options: Record<string, string>) =>
  COMMANDS['export-return']!.run(server.pool, { positionals: [], options });

describe('admin export-return', () => {
  it('pages from the cursor the device last confirmed into FILE, FILE.2, …; importing them all completes the device', async () => {
    const county = '130133';
    const a = await enrolledDevice(server, url, dir, 'er-a', county);
    const b = await enrolledDevice(server, url, dir, 'er-b', county);
    await write(b, ['add', 'demand'], demand('b1'));
    await syncDevice(b, url);
    await syncDevice(a, url); // a holds b1; its next pull request confirms that cursor
    await syncDevice(a, url);
    const { rows } = await server.pool.query<{ pull_cursor: string }>('SELECT pull_cursor FROM devices WHERE id = $1', [
      a.id,
    ]);
    const confirmed = Number(rows[0]!.pull_cursor);
    expect(confirmed).toBeGreaterThan(0);

    const countyOps = async () => (await serverOps(server)).filter((op) => op.county === county).length;
    const held = await countyOps();
    for (const n of [2, 3, 4]) await write(b, ['add', 'demand'], demand(`b${n}`));
    await syncDevice(b, url);
    const out = join(dir, 'a-return.ldret');
    const result = (await exportReturn({ device: a.id, out, limit: '4' })).json as {
      from: number;
      pages: number;
      count: number;
      files: { file: string }[];
    };
    expect(result.from).toBe(confirmed);
    expect(result.count).toBe((await countyOps()) - held); // exactly what the device lacks, nothing before
    expect(result.pages).toBeGreaterThan(1);
    expect(result.files.map((f) => f.file)).toEqual([
      out,
      ...Array.from({ length: result.pages - 1 }, (_, i) => `${out}.${i + 2}`),
    ]);

    const { engine, close } = await engineOf(a);
    try {
      for (const f of result.files) await engine.importReturnPackage(new Uint8Array(readFileSync(f.file)));
    } finally {
      close();
    }
    expect(stateDigest(deviceState(a))).toBe(stateDigest(countyView(await serverOps(server), county)));
  });
});
