// Building + signing and verifying one 10,000-op package of realistic demand ops (Chinese text), per algorithm.
// Floor: the raw steps on the same {header, body} with no envelope, shape checks or canonical-form check —
// build: canonicalise + digest + sign; verify: UTF-8 decode + JSON.parse + canonicalise + digest + verify.
// Extra figures: SM2 and Ed25519 signatures per second on a 32-byte digest (what a package signature costs).
import { canonicalBytes } from '@shared/crypto/canonical-json';
import { digest } from '@shared/crypto/digest';
import { fromBase64url, utf8DecodeStrict } from '@shared/crypto/encoding';
import { DIGEST_ALG_FOR, SIGNATURE_ALGS, type SignatureAlg } from '@shared/crypto/signing';
import { createSigner, generateKeyPair, softwareVerifier } from '@shared/crypto/software-keys';
import { decodePackage, sealPackage } from '@shared/package/package';
import { changesHeader, demandOps } from '../unit/package/make-ops';
import { entry, medianMs, type BenchEntry } from './types';

const OPS = 10_000;

async function perAlgorithm(alg: SignatureAlg): Promise<BenchEntry[]> {
  const pair = await generateKeyPair(alg);
  const signer = await createSigner(pair);
  const input = { header: changesHeader(), body: { ops: demandOps(OPS), attachments: [] } };
  const sealed = await sealPackage(input, signer);
  const mb = sealed.bytes.length / 1e6;

  const buildMs = await medianMs(() => sealPackage(input, signer));
  const rawBuildMs = await medianMs(async () => {
    await signer.sign(digest(DIGEST_ALG_FOR[alg], canonicalBytes({ header: sealed.pkg.header, body: input.body })));
  });

  const verifyMs = await medianMs(async () => {
    const r = await decodePackage(sealed.bytes, { maxBytes: 64 << 20, publicKey: pair.publicKey });
    if (!r.ok) throw new Error(r.detail);
  });
  const rawVerifyMs = await medianMs(async () => {
    const parsed = JSON.parse(utf8DecodeStrict(sealed.bytes)) as { header: unknown; body: unknown; signature: string };
    const d = digest(DIGEST_ALG_FOR[alg], canonicalBytes({ header: parsed.header, body: parsed.body }));
    if (!(await softwareVerifier.verify(alg, pair.publicKey, d, fromBase64url(parsed.signature))))
      throw new Error('floor failed to verify');
  });

  return [
    entry(`package ${alg}: build+sign ${OPS} ops (${mb.toFixed(1)} MB)`, buildMs, 'ms', rawBuildMs),
    entry(`package ${alg}: verify+decode ${OPS} ops (${mb.toFixed(1)} MB)`, verifyMs, 'ms', rawVerifyMs),
  ];
}

async function signaturesPerSecond(alg: SignatureAlg): Promise<BenchEntry[]> {
  const pair = await generateKeyPair(alg);
  const signer = await createSigner(pair);
  const message = digest('SHA-256', new Uint8Array([1, 2, 3]));
  const n = alg === 'Ed25519' ? 2000 : 300;
  const signature = await signer.sign(message);
  const signMs = await medianMs(async () => {
    for (let i = 0; i < n; i++) await signer.sign(message);
  }, 3);
  const verifyMs = await medianMs(async () => {
    for (let i = 0; i < n; i++) await softwareVerifier.verify(alg, pair.publicKey, message, signature);
  }, 3);
  return [
    entry(`${alg} sign`, (n / signMs) * 1000, 'ops/s'),
    entry(`${alg} verify (cached key)`, (n / verifyMs) * 1000, 'ops/s'),
  ];
}

export default async function bench(): Promise<BenchEntry[]> {
  const out: BenchEntry[] = [];
  for (const alg of SIGNATURE_ALGS) out.push(...(await perAlgorithm(alg)));
  for (const alg of SIGNATURE_ALGS) out.push(...(await signaturesPerSecond(alg)));
  return out;
}
