/**
 * kill -9 of the device CLI in the middle of a bulk write: after a restart every record the CLI reported as saved
 * is there, whole; no record is half-written and no op is doubled; writing on continues normally.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startCli } from './support/cli';
import { openStore } from '../../../device/src/device-home';
import { listRecords } from '../../../device/src/local-writes';

const dir = mkdtempSync(join(tmpdir(), 'linkdesk-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demand = (n: number): Record<string, unknown> => ({
  enterprise: '0190a1b2-c3d4-7000-8000-000000000001',
  name: `迁移需求 ${n}`,
  problem: '历史台账迁移',
  keywords: ['迁移'],
  techField: 'electronic_info',
});
const FIELDS_PER_RECORD = 9;

describe('device CLI killed mid-write', () => {
  it('loses nothing it reported as saved and doubles nothing', async () => {
    const home = join(dir, 'home');
    expect((await cli(['init', '--county', '130132', '--operator', '张三', '--home', home])).code).toBe(0);
    const input = join(dir, 'bulk.json');
    writeFileSync(input, JSON.stringify(Array.from({ length: 5000 }, (_, i) => demand(i))));

    const child = startCli(['add', 'demand', '--json', input, '--home', home]);
    const reported: string[] = [];
    let buffer = '';
    const killed = new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line.startsWith('committed ')) reported.push(line.slice('committed '.length));
        if (reported.length >= 40 && !child.killed) child.kill('SIGKILL');
      });
      child.on('close', () => resolve());
    });
    await killed;
    expect(child.signalCode).toBe('SIGKILL');

    const store = openStore(home);
    const records = listRecords(store, 'demand');
    const ids = new Set(records.map((r) => r.id));
    for (const id of reported) expect(ids.has(id), `record ${id} was reported saved`).toBe(true);
    expect(records.length).toBeLessThan(5000);
    for (const r of records) expect(Object.keys(r.values)).toHaveLength(FIELDS_PER_RECORD);
    const ops = await store.unsealedOps();
    expect(new Set(ops.map((op) => op.opId)).size).toBe(ops.length);
    expect(ops.length).toBe(records.length * FIELDS_PER_RECORD);
    store.close();

    const more = await cli(['add', 'demand', '--json', '-', '--home', home, '--json'], JSON.stringify(demand(9999)));
    expect(more.code).toBe(0);
    const after = openStore(home);
    expect(listRecords(after, 'demand')).toHaveLength(records.length + 1);
    after.close();
  }, 120_000);
});
