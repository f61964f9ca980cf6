/**
 * Server start on real PostgreSQL (server/src/startup.ts, called by server/src/main.ts): after the migrations it
 * re-applies the ops an older server version parked for fields it did not know, so after an upgrade that adds a
 * field the parked values land in current state. Idempotent: a second start changes nothing. Logged either way.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7, type IsKnownField } from '@shared/change';
import { knownFields } from '@shared/domain';
import { ingestPackage } from '../../../server/src/ingest/ingest';
import { ServerKeyring } from '../../../server/src/keys/server-key';
import { prepareDatabase } from '../../../server/src/startup';
import { enrolDevice, op, pack } from './devices';
import { useServer } from './harness';

const server = useServer('embedded');

/** The server before the upgrade: it did not know enterprise.address yet. */
const BEFORE_UPGRADE: IsKnownField = (entity, field) =>
  knownFields(entity).has(field) && !(entity === 'enterprise' && field === 'address');

function recordingLog() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return { lines, info: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) };
}

async function fieldsOf(recordId: string): Promise<Record<string, { value: unknown }>> {
  return (
    await server.pool.query('SELECT fields FROM records WHERE entity = $1 AND record_id = $2', ['enterprise', recordId])
  ).rows[0].fields;
}

describe('server start re-applies parked ops after the migrations', () => {
  it('an upgrade that adds a field makes its parked values land; a second start changes nothing', async () => {
    const device = await enrolDevice(server, 'startup-dev-1');
    const recordId = uuidv7();
    const address = op(device, recordId, 'address', '石家庄市长安区建设北大街 1 号');
    const pkg = await pack(device, 1, null, [op(device, recordId, 'name', '石家庄市长安区某科技有限公司'), address]);
    const ingested = await ingestPackage(server.pool, new ServerKeyring(server.pool), pkg.bytes, 'file', 1 << 22, {
      isKnownField: BEFORE_UPGRADE,
    });
    expect(ingested.status).toBe('accepted');
    expect((await fieldsOf(recordId)).address).toBeUndefined();
    expect(
      (await server.pool.query('SELECT applied_at FROM parked_ops WHERE op_id = $1', [address.opId])).rows,
    ).toEqual([{ applied_at: null }]);

    // Still the old server: a start keeps the op parked (not dropped, not applied).
    const oldStart = recordingLog();
    expect(await prepareDatabase(server.pool, oldStart, { isKnownField: BEFORE_UPGRADE })).toMatchObject({
      applied: [],
      reappliedParked: 0,
      stillParked: 1,
    });
    expect((await fieldsOf(recordId)).address).toBeUndefined();

    // The upgraded server starts (its schemas know the field): the parked value lands, with its op's stamp.
    const log = recordingLog();
    expect(await prepareDatabase(server.pool, log)).toEqual({ applied: [], reappliedParked: 1, stillParked: 0 });
    const fields = await fieldsOf(recordId);
    expect(fields.address).toMatchObject({
      value: '石家庄市长安区建设北大街 1 号',
      opId: address.opId,
      hlc: address.hlc,
    });
    expect(fields.name).toMatchObject({ value: '石家庄市长安区某科技有限公司' });
    expect(
      (await server.pool.query('SELECT applied_at FROM parked_ops WHERE op_id = $1', [address.opId])).rows[0]
        .applied_at,
    ).not.toBeNull();
    expect(log.lines).toContainEqual({
      fields: { reappliedParked: 1, stillParked: 0 },
      message: 'parked ops re-applied: their fields are known now',
    });

    // Idempotent: the next start finds nothing to do and leaves the record as it is.
    const again = recordingLog();
    expect(await prepareDatabase(server.pool, again)).toEqual({ applied: [], reappliedParked: 0, stillParked: 0 });
    expect(await fieldsOf(recordId)).toEqual(fields);
    expect(again.lines).toContainEqual({
      fields: { reappliedParked: 0, stillParked: 0 },
      message: 'no parked ops to re-apply',
    });
  });
});
