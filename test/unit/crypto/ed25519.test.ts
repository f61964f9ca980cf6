import { describe, expect, it } from 'vitest';
import { createSigner, generateKeyPair, publicKeyFromPrivate, softwareVerifier } from '@shared/crypto/software-keys';
import { fromHex, toBase64url, toHex } from '@shared/crypto/encoding';
import { keyIdFor } from '@shared/crypto/signing';

/** RFC 8032 §7.1, TEST 1–3. */
const RFC8032 = [
  {
    name: 'TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (1 byte)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3 (2 bytes)',
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

describe('Ed25519 through WebCrypto', () => {
  it.each(RFC8032)('RFC 8032 $name: derives the public key, signs byte-for-byte and verifies', async (v) => {
    const privateKey = toBase64url(fromHex(v.secret));
    const publicKey = toBase64url(fromHex(v.public));
    expect(await publicKeyFromPrivate('Ed25519', privateKey)).toBe(publicKey);
    const signer = await createSigner({ alg: 'Ed25519', publicKey, privateKey });
    const signature = await signer.sign(fromHex(v.message));
    expect(toHex(signature)).toBe(v.signature);
    expect(await softwareVerifier.verify('Ed25519', publicKey, fromHex(v.message), fromHex(v.signature))).toBe(true);
  });

  it('rejects a changed message, a changed signature, a wrong-length signature and a malformed key', async () => {
    const v = RFC8032[2]!;
    const publicKey = toBase64url(fromHex(v.public));
    const sig = fromHex(v.signature);
    expect(await softwareVerifier.verify('Ed25519', publicKey, fromHex('af83'), sig)).toBe(false);
    const flipped = sig.slice();
    flipped[10]! ^= 1;
    expect(await softwareVerifier.verify('Ed25519', publicKey, fromHex(v.message), flipped)).toBe(false);
    expect(await softwareVerifier.verify('Ed25519', publicKey, fromHex(v.message), sig.subarray(0, 63))).toBe(false);
    expect(await softwareVerifier.verify('Ed25519', 'not-a-key', fromHex(v.message), sig)).toBe(false);
    expect(await softwareVerifier.verify('SM2-SM3', publicKey, fromHex(v.message), sig)).toBe(false);
  });

  it('generates fresh key pairs that sign and verify, with a stable key id', async () => {
    const pair = await generateKeyPair('Ed25519');
    const other = await generateKeyPair('Ed25519');
    expect(pair.publicKey).not.toBe(other.publicKey);
    const signer = await createSigner(pair);
    expect(signer.keyId).toBe(keyIdFor('Ed25519', pair.publicKey));
    expect(signer.keyId).toMatch(/^[0-9a-f]{32}$/);
    const message = new TextEncoder().encode('科技联动');
    const signature = await signer.sign(message);
    expect(await softwareVerifier.verify('Ed25519', pair.publicKey, message, signature)).toBe(true);
    expect(await softwareVerifier.verify('Ed25519', other.publicKey, message, signature)).toBe(false);
  });

  it('refuses to build a signer from a mismatched key pair', async () => {
    const a = await generateKeyPair('Ed25519');
    const b = await generateKeyPair('Ed25519');
    await expect(createSigner({ alg: 'Ed25519', publicKey: b.publicKey, privateKey: a.privateKey })).rejects.toThrow(
      /does not belong/,
    );
  });
});
