/**
 * `admin quarantine list|show|release|reject` on the real server: what was refused, from which device and why;
 * release re-ingests once the cause is fixed and the device learns it on its next sync (the same receipt);
 * a package the device already resealed without the refused ops cannot be released; reject closes an entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPackage } from '../../../server/src/ingest/ingest';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { QUARANTINE_COMMANDS } from '../../../server/src/admin/quarantine';
import { CliError } from '../../../server/src/admin/exit';
import { useServer } from '../server/harness';
import { demand, enrolledDevice, engineOf, serverOps, syncDevice, write } from './support/real-devices';

const server = useServer('embedded');
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'linkdesk-quarantine-'));

beforeAll(async () => {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quarantine =
  (...positionals: string[]) =>
  (options: Record<string, string | boolean> = {}) =>
    QUARANTINE_COMMANDS.quarantine!.run(server.pool, { positionals, options });

async function refusedByUsb(name: string): Promise<{ d: Awaited<ReturnType<typeof enrolledDevice>>; id: number }> {
  const d = await enrolledDevice(server, url, dir, name, '130132');
  await write(d, ['add', 'demand'], demand(name));
  // The province enrolled the device under the wrong county: its USB package is refused for scope.
  await server.pool.query("UPDATE devices SET county = '130628' WHERE id = $1", [d.id]);
  const { engine, close } = await engineOf(d);
  const [pkg] = await engine.exportPendingPackages();
  close();
  await expect(
    ingestPackage(server.pool, new ServerKeyring(server.pool), pkg!.bytes, 'file', 8 * 1024 * 1024),
  ).rejects.toMatchObject({ code: 'county-scope' });
  const listed = (await quarantine('list')({ device: d.id })).json as { id: number; reason: string; seq: number }[];
  expect(listed).toEqual([expect.objectContaining({ device: d.id, seq: 1, reason: 'county-scope', outcome: 'open' })]);
  return { d, id: listed[0]!.id };
}

describe('admin quarantine', () => {
  it('list and show say what was refused, from which device and why', async () => {
    const { d, id } = await refusedByUsb('qshow');
    const shown = await quarantine('show', String(id))();
    expect(shown.json).toMatchObject({ id, device: d.id, seq: 1, reason: 'county-scope', rawKept: true });
    expect(shown.text).toContain('原因：');
    expect(shown.text).toContain(d.id);
  });

  it('release after the cause is fixed re-ingests the package; the device learns it on its next sync', async () => {
    const { d, id } = await refusedByUsb('qrelease');
    // Still refused while the cause stands: nothing applied, the entry stays open.
    await expect(quarantine('release', String(id))()).rejects.toMatchObject({ code: 'county-scope' });
    await server.pool.query("UPDATE devices SET county = '130132' WHERE id = $1", [d.id]);

    const released = await quarantine('release', String(id))({ note: '设备县别已更正' });
    expect(released.json).toMatchObject({ id, outcome: 'released', status: 'accepted', seq: 1 });
    const onServer = (await serverOps(server)).filter((op) => op.device === d.id).map((op) => op.opId);
    expect(onServer.sort()).toEqual([...d.made].sort());

    const report = await syncDevice(d, url, { pull: false });
    expect(report).toMatchObject({ acknowledgedSeq: 1, held: 0 });
    expect((await serverOps(server)).filter((op) => op.device === d.id)).toHaveLength(d.made.size); // applied once
    await expect(quarantine('release', String(id))()).rejects.toMatchObject({ code: 'already-decided' });
    expect((await quarantine('list')({ device: d.id })).json).toEqual([]);
    // The refused release attempt left its own entry (the same package): released with it.
    const all = (await quarantine('list')({ device: d.id, all: true })).json as { id: number; outcome: string }[];
    expect(all.map((e) => e.outcome)).toEqual(['released', 'released']);
    expect(all.map((e) => e.id)).toContain(id);
  });

  it('a package the device already resealed cannot be released; reject closes the entry', async () => {
    const d = await enrolledDevice(server, url, dir, 'qsuper', '130132');
    await write(d, ['add', 'demand'], demand('super'));
    await server.pool.query(`UPDATE devices SET county = '130628' WHERE id = $1`, [d.id]);
    // Online, the device takes its way out: the refused ops are held back and nothing is left to seal.
    const report = await syncDevice(d, url, { pull: false });
    expect(report.held).toBe(d.made.size);
    await server.pool.query("UPDATE devices SET county = '130132' WHERE id = $1", [d.id]);
    await write(d, ['add', 'demand'], demand('super-2'));
    expect((await syncDevice(d, url, { pull: false })).acknowledgedSeq).toBe(1);

    const [entry] = (await quarantine('list')({ device: d.id })).json as { id: number }[];
    const error = await quarantine('release', String(entry!.id))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ code: 'superseded', zh: expect.stringContaining('待处理的修改') });

    expect((await quarantine('reject', String(entry!.id))({ note: '设备已改正' })).json).toEqual({
      id: entry!.id,
      outcome: 'rejected',
    });
    expect((await quarantine('list')({ device: d.id })).json).toEqual([]);
    await expect(quarantine('show', '999999999')()).rejects.toMatchObject({ code: 'not-found' });
  });
});
