/** The headless client's durable parts: the write-ahead-log store, the local write path, the key file and the lock. */
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock, makeFieldOps, stateDigest, type JsonValue } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { SyncEngine } from '@shared/sync';
import { initDevice, openStore } from '../../../device/src/device-home';
import { SNAPSHOT_EVERY } from '../../../device/src/file-store';
import { FileLock, LockBusyError } from '../../../device/src/file-lock';
import { keyPath, loadDeviceKey } from '../../../device/src/keystore';
import { createRecord, listRecords, LocalWriteError, updateRecord } from '../../../device/src/local-writes';
import { WalCorruptError } from '../../../device/src/wal';
import { ReferenceServer } from '../sync/support/reference-server';
import { noLock } from '../sync/support/faults';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

async function newHome(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'linkdesk-device-'));
  homes.push(home);
  await initDevice(home, '130132', '张三');
  return home;
}

const demand = (n: number): Record<string, unknown> => ({
  enterprise: '0190a1b2-c3d4-7000-8000-000000000001',
  name: `秸秆综合利用（${n}）`,
  problem: '能耗偏高，需要节能降耗新工艺',
  keywords: ['节能', '秸秆'],
  techField: 'electronic_info',
});

describe('device file store', () => {
  it('a local write commits the record and its outbox ops together and survives reopening', async () => {
    const home = await newHome();
    const store = openStore(home);
    const { recordId, ops } = createRecord(store, 'demand', demand(1));
    store.close();
    const again = openStore(home);
    expect(listRecords(again, 'demand').map((r) => r.id)).toEqual([recordId]);
    expect((await again.unsealedOps()).map((op) => op.opId)).toEqual(ops.map((op) => op.opId));
    expect(listRecords(again, 'demand')[0]!.values).toMatchObject({
      name: '秸秆综合利用（1）',
      county: '130132',
      status: 'draft',
    });
    again.close();
  });

  it('validates exactly as the schemas do and saves nothing when a field is wrong', async () => {
    const home = await newHome();
    const store = openStore(home);
    // A draft may lack keywords (required to verify, not to record), never its name.
    const bad = { ...demand(1), techField: '不存在的领域', name: '' };
    const error = (() => {
      try {
        createRecord(store, 'demand', bad);
        return null;
      } catch (e) {
        return e as LocalWriteError;
      }
    })();
    expect(error).toBeInstanceOf(LocalWriteError);
    expect(error!.code).toBe('VALIDATION');
    expect(error!.errors.map((e) => [e.field, e.code])).toEqual([
      ['name', 'REQUIRED'],
      ['techField', 'NOT_IN_OPTIONS'],
    ]);
    expect(error!.errors[1]!.message.zh).toContain('技术领域');
    expect(listRecords(store, 'demand')).toEqual([]);
    expect(await store.unsealedOps()).toEqual([]);
    store.close();
  });

  it('an update writes ops only for changed fields, with the base the editor saw; an unknown id is NOT_FOUND', async () => {
    const home = await newHome();
    const store = openStore(home);
    const { recordId, ops } = createRecord(store, 'demand', demand(1));
    const nameOp = ops.find((op) => op.field === 'name')!;
    const changed = updateRecord(store, 'demand', recordId, { name: '新名称', problem: demand(1).problem });
    expect(changed.map((op) => [op.field, op.baseHlc])).toEqual([['name', nameOp.hlc]]);
    expect(changed[0]!.hlc > nameOp.hlc).toBe(true);
    expect(() => updateRecord(store, 'demand', '0190a1b2-c3d4-7000-8000-00000000ffff', { name: 'x' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    store.close();
  });

  it("editing a value another device stamped far in this PC's future is refused with the plain clock message, as in the UI", async () => {
    const home = await newHome();
    const store = openStore(home);
    const recordId = '0190a1b2-c3d4-7000-8000-0000000000aa';
    const fastClock = createClock('00000000000000ff', () => Date.now() + 2 * 24 * 3_600_000);
    const values = { ...demand(1), county: '130132', status: 'draft', source: 'enterprise_filed' } as Record<
      string,
      JsonValue
    >;
    const ops = makeFieldOps({
      clock: fastClock,
      device: 'dev-fast',
      operator: '快钟',
      county: '130132',
      schemaVersion: 1,
      entity: 'demand',
      recordId,
      changes: values,
      base: null,
    });
    await store.applyPage({
      digest: 'x',
      from: '0',
      to: '1',
      hasMore: false,
      serverTime: new Date().toISOString(),
      ops,
      receipts: [],
    });
    const error = (() => {
      try {
        updateRecord(store, 'demand', recordId, { name: '改名' });
        return null;
      } catch (e) {
        return e as { code: string; messages: { zh: string } };
      }
    })();
    expect(error?.code).toBe('CLOCK_DRIFT');
    expect(error?.messages.zh).toContain('请先校正电脑的日期和时间');
    expect(await store.unsealedOps()).toEqual([]);
    store.close();
  });

  it('a torn last line (killed mid-write) is ignored and cut off; the store keeps working', async () => {
    const home = await newHome();
    const store = openStore(home);
    createRecord(store, 'demand', demand(1));
    store.close();
    const wal = join(home, 'data', 'wal.jsonl');
    appendFileSync(wal, '{"n":99,"sum":"abc","tx":{"t":"wri');
    const again = openStore(home);
    expect(listRecords(again, 'demand')).toHaveLength(1);
    createRecord(again, 'demand', demand(2));
    again.close();
    const third = openStore(home);
    expect(listRecords(third, 'demand')).toHaveLength(2);
    third.close();
    expect(readFileSync(wal, 'utf8')).not.toContain('"wri\n');
  });

  it('damage before the last line is reported, never skipped', async () => {
    const home = await newHome();
    const store = openStore(home);
    createRecord(store, 'demand', demand(1));
    createRecord(store, 'demand', demand(2));
    store.close();
    const wal = join(home, 'data', 'wal.jsonl');
    const lines = readFileSync(wal, 'utf8').split('\n');
    lines[lines.length - 3] = lines[lines.length - 3]!.replace('秸秆', '麦秆');
    writeFileSync(wal, lines.join('\n'));
    expect(() => openStore(home)).toThrow(WalCorruptError);
  });

  it(`takes a snapshot by atomic rename every ${SNAPSHOT_EVERY} transactions and reloads to the same state`, async () => {
    const home = await newHome();
    const store = openStore(home);
    for (let i = 0; i < SNAPSHOT_EVERY + 5; i++) store.setMeta({ counter: i });
    createRecord(store, 'demand', demand(1));
    const digest = stateDigest(store.replica().state);
    store.close();
    expect(existsSync(join(home, 'data', 'snapshot.json'))).toBe(true);
    expect(
      readFileSync(join(home, 'data', 'wal.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean).length,
    ).toBeLessThan(10);
    const again = openStore(home);
    expect(stateDigest(again.replica().state)).toBe(digest);
    expect(again.meta().counter).toBe(SNAPSHOT_EVERY + 4);
    again.close();
  });

  it('runs the sync engine: push, receipts and pulls are durable across reopening', async () => {
    const home = await newHome();
    const server = new ReferenceServer(await createSigner(await generateKeyPair('Ed25519')));
    const signer = await loadDeviceKey(home);
    let store = openStore(home);
    const me = (await store.identity())!;
    server.enrol(me.deviceId, me.county, signer);
    for (let i = 0; i < 3; i++) createRecord(store, 'demand', demand(i));
    const engine = (s: typeof store): SyncEngine =>
      new SyncEngine({
        store: s,
        transport: server.transport(),
        lock: noLock,
        signer,
        serverKeys: () => server.keys,
        schemaVersion: 1,
        appVersion: 't',
        sleep: async () => undefined,
      });
    await engine(store).run();
    store.close();
    store = openStore(home);
    const counters = await store.counters();
    expect(counters.pendingByEntity).toEqual({});
    expect(counters.acknowledgedSeq).toBe(1);
    expect(counters.cursor).toBe(String(server.log.length));
    expect(stateDigest(store.replica().state)).toBe(stateDigest(server.scopedState('130132')));
    store.close();
  });
});

describe('device key file and lock', () => {
  it('the private key file is readable by its owner only and says it is not for production', async () => {
    const home = await newHome();
    expect(statSync(keyPath(home)).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath(home), 'utf8')).toContain('NOT FOR PRODUCTION');
  });

  it('a second sync while one runs is refused with SYNC_BUSY; a dead holder’s lock is taken over', async () => {
    const home = await newHome();
    const lock = new FileLock(home);
    const inner = await lock.withLock('linkdesk-sync', async () =>
      lock.withLock('linkdesk-sync', async () => 'ran').catch((e: unknown) => e),
    );
    expect(inner).toBeInstanceOf(LockBusyError);
    expect((inner as LockBusyError).text.zh).toContain('同步正在进行');
    writeFileSync(join(home, 'linkdesk-sync.lock'), '999999'); // a pid that is not running
    expect(await lock.withLock('linkdesk-sync', async () => 'ran')).toBe('ran');
    expect(existsSync(join(home, 'linkdesk-sync.lock'))).toBe(false);
  });
});
