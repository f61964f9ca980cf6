// The canonical-bytes rule holds on every way in: POST /v1/packages reads the raw bytes under every content type
// and refuses a re-spelt package (it used to re-serialise an application/json body into something that verified).
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '@shared/change';
import { PACKAGE_CONTENT_TYPE } from '@shared/package';
import { databaseKinds } from '../../support/postgres';
import { enrolDevice, op, pack } from './devices';
import { useServer } from './harness';

describe.each(databaseKinds())('canonical bytes on POST /v1/packages on %s PostgreSQL', (kind) => {
  const server = useServer(kind);

  const send = (payload: string | Buffer, contentType: string) =>
    server.app.inject({ method: 'POST', url: '/v1/packages', headers: { 'content-type': contentType }, payload });

  it('refuses every re-spelling of a genuine package, under application/json too, then accepts the file itself', async () => {
    const device = await enrolDevice(server, `canon-${kind}`);
    const pkg = await pack(device, 1, null, [
      op(device, uuidv7(), 'name', '石家庄某某公司'),
      op(device, uuidv7(), 'employees', 12),
    ]);
    const text = Buffer.from(pkg.bytes).toString('utf8');
    const respelt: [string, string | Buffer, string][] = [
      ['whitespace', text.replace('{"body":', '{ "body": '), 'non-canonical'],
      ['a pretty-printed copy', JSON.stringify(JSON.parse(text), null, 2), 'non-canonical'],
      ['1.0 for 1', text.replace('"schemaVersion":1,"seq"', '"schemaVersion":1.0,"seq"'), 'non-canonical'],
      ['1e0 for 1', text.replace('"schemaVersion":1,"seq"', '"schemaVersion":1e0,"seq"'), 'non-canonical'],
      ['a \\u escape', text.replace('石', '\\u77f3'), 'non-canonical'],
      ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pkg.bytes)]), 'malformed'],
      ['a duplicate member', text.replace('"kind":"changes"', '"kind":"return","kind":"changes"'), 'non-canonical'],
    ];
    for (const type of ['application/json', PACKAGE_CONTENT_TYPE, 'application/octet-stream']) {
      for (const [name, payload, code] of respelt) {
        const res = await send(payload, type);
        expect([res.statusCode, res.json().code], `${name} as ${type}`).toEqual([400, code]);
      }
    }
    const accepted = await send(Buffer.from(pkg.bytes), PACKAGE_CONTENT_TYPE);
    expect([accepted.statusCode, accepted.json().status]).toEqual([200, 'accepted']);
    const again = await send(Buffer.from(pkg.bytes), 'application/json');
    expect([again.statusCode, again.json().status]).toEqual([200, 'duplicate']);
  });
});
