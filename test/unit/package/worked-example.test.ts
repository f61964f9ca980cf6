import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePackage } from '@shared/package/package';
import { keyIdFor } from '@shared/crypto/signing';
import { RFC8032_TEST1 } from './keys';
import { workedExample } from './worked-example';

const root = join(import.meta.dirname, '../../..');
const fixture = readFileSync(join(root, 'test/fixtures/crypto/example-package.ldpkg'));
const doc = readFileSync(join(root, 'docs/package-format.md'), 'utf8');

describe('the worked example in docs/package-format.md', () => {
  it('is exactly what the encoder writes today (byte for byte)', async () => {
    const sealed = await workedExample();
    expect(Buffer.from(sealed.bytes).equals(fixture)).toBe(true);
    expect(doc).toContain('```\n' + fixture.toString('utf8') + '\n```');
    expect(doc).toContain(sealed.digest);
    expect(doc).toContain(keyIdFor('Ed25519', RFC8032_TEST1.publicKey));
    expect(doc).toContain(`exact ${fixture.length} bytes`);
  });

  it('verifies with node:crypto alone, following only the document', () => {
    const e = JSON.parse(fixture.toString('utf8')) as {
      body: unknown;
      header: unknown;
      digest: string;
      signature: string;
    };
    const signed = `{"body":${JSON.stringify(e.body)},"header":${JSON.stringify(e.header)}}`;
    const digest = createHash('sha256').update(signed).digest();
    expect(digest.toString('hex')).toBe(e.digest);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: RFC8032_TEST1.publicKey }, format: 'jwk' });
    expect(verify(null, digest, key, Buffer.from(e.signature, 'base64url'))).toBe(true);
  });

  it('decodes with our reader', async () => {
    const r = await decodePackage(fixture, { maxBytes: 4096, publicKey: RFC8032_TEST1.publicKey });
    expect(r.ok && r.pkg.body.ops[0]!.value).toBe('秸秆利用');
  });
});
