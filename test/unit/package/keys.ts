/** Fixed test keys: RFC 8032 TEST 1 (deterministic Ed25519 signatures) plus fresh keys per run. */
import { createSigner, generateKeyPair } from '@shared/crypto/software-keys';
import { fromHex, toBase64url } from '@shared/crypto/encoding';
import { type KeyPair, type SignatureAlg, type Signer } from '@shared/crypto/signing';

export const RFC8032_TEST1: KeyPair = {
  alg: 'Ed25519',
  privateKey: toBase64url(fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')),
  publicKey: toBase64url(fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')),
};

export async function freshSigner(alg: SignatureAlg): Promise<{ pair: KeyPair; signer: Signer }> {
  const pair = await generateKeyPair(alg);
  return { pair, signer: await createSigner(pair) };
}
