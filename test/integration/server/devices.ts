// A county device's side of sync in tests: enrol through the API, make ops, seal and post packages (shared formats).
import { expect } from 'vitest';
import { uuidv7, type Op } from '@shared/change';
import { type Signer } from '@shared/crypto';
import { sealPackage } from '@shared/package';
import { adminHeaders, enrolmentRequestText, newDeviceKeys, type ServerHarness, type TestDevice } from './harness';

export const COUNTY = '130123';

export interface Enrolled extends TestDevice {
  id: string;
  node: string;
  tick: number;
}

export async function enrolDevice(server: ServerHarness, id: string, county = COUNTY): Promise<Enrolled> {
  const code = (
    await server.app.inject({
      method: 'POST',
      url: '/v1/admin/enrol-codes',
      headers: adminHeaders,
      payload: { county },
    })
  ).json().code;
  const keys = await newDeviceKeys();
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/enrol',
    payload: { code, request: (await enrolmentRequestText(keys, { device: id, county, operator: '张敏' })).text },
  });
  expect(res.statusCode).toBe(201);
  return { ...keys, id, node: Buffer.from(id.padEnd(8, '0').slice(0, 8)).toString('hex'), tick: 0 };
}

export function op(device: Enrolled, recordId: string, field: string, value: Op['value'], extra: Partial<Op> = {}): Op {
  const hlc = `2026-11-28T10:00:00.${String(++device.tick).padStart(3, '0')}Z-0000-${device.node}`;
  return {
    opId: uuidv7(),
    entity: 'enterprise',
    recordId,
    field,
    value,
    hlc,
    baseHlc: null,
    device: device.id,
    operator: '张敏',
    county: COUNTY,
    schemaVersion: 1,
    ...extra,
  };
}

export async function pack(
  device: Enrolled,
  seq: number,
  prevDigest: string | null,
  ops: Op[],
  signer: Signer = device.signer,
  county = COUNTY,
) {
  return sealPackage(
    {
      header: {
        kind: 'changes',
        packageId: uuidv7(),
        county,
        device: device.id,
        seq,
        prevDigest,
        cursor: null,
        createdAt: new Date().toISOString(),
        schemaVersion: 1,
        appVersion: '0.1.0',
      },
      body: { ops, attachments: [] },
    },
    signer,
  );
}

export const post = (server: ServerHarness, payload: Uint8Array | string) =>
  server.app.inject({
    method: 'POST',
    url: '/v1/packages',
    headers: { 'content-type': 'application/vnd.linkdesk.package' },
    payload: Buffer.from(payload),
  });
