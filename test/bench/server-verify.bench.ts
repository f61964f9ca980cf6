// Signature verifications per second on the server: the shared verifier (what the ingest and the CLI use) on the
// 32-byte digest a package signature covers, floor: node:crypto's Ed25519 verify of the same signature.
// Also whole small packages checked per second (decode, canonical form, digest, signature).
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { uuidv7 } from '@shared/change';
import { createSigner, generateKeyPair, sha256, softwareVerifier } from '@shared/crypto';
import { decodePackage, sealPackage } from '@shared/package';
import { enterpriseOps } from './server-bench-support';
import { entry, type BenchEntry } from './types';

const N = 4000;

async function perSecond(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return n / ((performance.now() - t0) / 1000);
}

export default async function bench(): Promise<BenchEntry[]> {
  const pair = await generateKeyPair('Ed25519');
  const signer = await createSigner(pair);
  const message = sha256(new TextEncoder().encode('linkdesk package digest'));
  const signature = await signer.sign(message);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pair.publicKey }, format: 'jwk' });

  const shared = await perSecond(N, async () => {
    if (!(await softwareVerifier.verify('Ed25519', pair.publicKey, message, signature)))
      throw new Error('shared verifier refused');
  });
  const floor = await perSecond(N, () => {
    if (!nodeVerify(null, message, key, signature)) throw new Error('node:crypto refused');
  });

  const ops = enterpriseOps('bench-device', '0123456789abcdef', '130123', 0, 30);
  const sealed = await sealPackage(
    {
      header: {
        kind: 'changes',
        packageId: uuidv7(),
        county: '130123',
        device: 'bench-device',
        seq: 1,
        prevDigest: null,
        cursor: null,
        createdAt: new Date().toISOString(),
        schemaVersion: 1,
        appVersion: '0.1.0',
      },
      body: { ops, attachments: [] },
    },
    signer,
  );
  const packages = await perSecond(1000, async () => {
    const r = await decodePackage(sealed.bytes, { maxBytes: 1 << 20, publicKey: pair.publicKey });
    if (!r.ok) throw new Error(r.detail);
  });

  return [
    entry('server: Ed25519 signature verifications/s (shared verifier)', shared, 'verify/s', floor),
    entry(
      `server: 30-op packages checked/s (decode + canonical + digest + Ed25519, ${(sealed.bytes.length / 1024).toFixed(1)} KiB)`,
      packages,
      'pkg/s',
    ),
  ];
}
