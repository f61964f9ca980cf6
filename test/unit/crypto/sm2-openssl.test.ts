import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner, generateKeyPair, publicKeyFromPrivate, softwareVerifier } from '@shared/crypto/software-keys';
import { fromBase64url, fromHex, toBase64url, toHex } from '@shared/crypto/encoding';
import { sm2SignatureFromDer, sm2SignatureToDer } from '@shared/crypto/sm2';

const FIXTURE = join(import.meta.dirname, '../../fixtures/crypto/sm2-openssl/sm2-openssl.json');
const vectors = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  privateKeyHex: string;
  publicKeyHex: string;
  publicKeySpkiDerHex: string;
  messageHex: string;
  signatureDerHex: string;
};
/** SubjectPublicKeyInfo prefix for an SM2 point: id-ecPublicKey with the SM2 curve OID 1.2.156.10197.1.301. */
const SM2_SPKI_PREFIX = '3059301306072a8648ce3d020106082a811ccf5501822d034200';

function openssl(args: string[]): string {
  try {
    return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stdout?: string; stderr?: string };
    if (err.code === 'ENOENT')
      throw new Error('OpenSSL 3 is required for the SM2 interop test: apt-get install openssl', { cause: e });
    throw new Error(`openssl ${args.join(' ')} failed: ${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
  }
}

describe('SM2 with SM3 interoperates with OpenSSL 3', () => {
  let dir: string;
  beforeAll(() => {
    const version = openssl(['version']);
    if (!/^OpenSSL 3\./.test(version))
      throw new Error(`OpenSSL 3 is required, found ${version}: apt-get install openssl`);
    dir = mkdtempSync(join(tmpdir(), 'linkdesk-sm2-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('our key encoding matches the OpenSSL key: same public point from the private scalar', async () => {
    const privateKey = toBase64url(fromHex(vectors.privateKeyHex.padStart(64, '0')));
    expect(toHex(fromBase64url(await publicKeyFromPrivate('SM2-SM3', privateKey)))).toBe(vectors.publicKeyHex);
    expect(vectors.publicKeySpkiDerHex).toBe(SM2_SPKI_PREFIX + vectors.publicKeyHex);
  });

  it('verifies the signature OpenSSL made (committed fixture)', async () => {
    const publicKey = toBase64url(fromHex(vectors.publicKeyHex));
    const raw = sm2SignatureFromDer(fromHex(vectors.signatureDerHex));
    expect(toHex(sm2SignatureToDer(raw))).toBe(vectors.signatureDerHex);
    expect(await softwareVerifier.verify('SM2-SM3', publicKey, fromHex(vectors.messageHex), raw)).toBe(true);
    const other = fromHex(vectors.messageHex);
    other[0]! ^= 1;
    expect(await softwareVerifier.verify('SM2-SM3', publicKey, other, raw)).toBe(false);
  });

  it('OpenSSL verifies a signature we make now (real binary, GM/T 0009 default id)', async () => {
    const pair = await generateKeyPair('SM2-SM3');
    const signer = await createSigner(pair);
    const message = new TextEncoder().encode('县科技局 需求包 #1');
    const raw = await signer.sign(message);
    expect(raw).toHaveLength(64);
    writeFileSync(join(dir, 'msg.bin'), message);
    writeFileSync(join(dir, 'sig.der'), sm2SignatureToDer(raw));
    const spki = Buffer.from(SM2_SPKI_PREFIX + toHex(fromBase64url(pair.publicKey)), 'hex').toString('base64');
    writeFileSync(
      join(dir, 'pub.pem'),
      `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`,
    );
    const verify = (file: string): string =>
      openssl([
        'pkeyutl',
        '-verify',
        '-rawin',
        '-digest',
        'sm3',
        '-pkeyopt',
        'distid:1234567812345678',
        '-pubin',
        '-inkey',
        join(dir, 'pub.pem'),
        '-in',
        join(dir, file),
        '-sigfile',
        join(dir, 'sig.der'),
      ]);
    expect(verify('msg.bin')).toContain('Signature Verified Successfully');
    writeFileSync(join(dir, 'other.bin'), new TextEncoder().encode('县科技局 需求包 #2'));
    expect(() => verify('other.bin')).toThrow(/Signature Verification Failure/);
  });

  it('rejects r or s outside [1, n−1], wrong lengths and off-curve keys instead of throwing', async () => {
    const publicKey = toBase64url(fromHex(vectors.publicKeyHex));
    const message = fromHex(vectors.messageHex);
    const raw = sm2SignatureFromDer(fromHex(vectors.signatureDerHex));
    const zeroR = raw.slice();
    zeroR.fill(0, 0, 32);
    expect(await softwareVerifier.verify('SM2-SM3', publicKey, message, zeroR)).toBe(false);
    const bigS = raw.slice();
    bigS.fill(0xff, 32);
    expect(await softwareVerifier.verify('SM2-SM3', publicKey, message, bigS)).toBe(false);
    expect(await softwareVerifier.verify('SM2-SM3', publicKey, message, raw.subarray(1))).toBe(false);
    const offCurve = fromHex(vectors.publicKeyHex);
    offCurve[64]! ^= 1;
    expect(await softwareVerifier.verify('SM2-SM3', toBase64url(offCurve), message, raw)).toBe(false);
  });

  it('refuses non-minimal or trailing-garbage DER', () => {
    const der = fromHex(vectors.signatureDerHex);
    const trailing = new Uint8Array([...der, 0]);
    trailing[1]! += 1;
    expect(() => sm2SignatureFromDer(trailing)).toThrow(/DER/);
    expect(() => sm2SignatureFromDer(fromHex('3008020200010202000102'))).toThrow(/DER/);
  });
});
