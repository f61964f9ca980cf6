import { describe, expect, it } from 'vitest';
import {
  EncodingError,
  fromBase64url,
  fromHex,
  toBase64url,
  toHex,
  utf8DecodeStrict,
  utf8Encode,
} from '@shared/crypto/encoding';
import { digest, sha256, sm3 } from '@shared/crypto/digest';

describe('digests', () => {
  it('SM3("abc") is the GB/T 32905 example value', () => {
    expect(toHex(sm3(utf8Encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('SM3 of the 64-byte "abcd"×16 is the second GB/T 32905 example', () => {
    expect(toHex(sm3(utf8Encode('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });
  it('SHA-256("abc") is the FIPS 180-4 example value', () => {
    expect(toHex(sha256(utf8Encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(digest('SHA-256', new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('encodings', () => {
  it('base64url round-trips every length and matches RFC 4648 test vectors (url alphabet, no padding)', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of cases) {
      expect(toBase64url(utf8Encode(plain))).toBe(b64);
      expect(toHex(fromBase64url(b64))).toBe(toHex(utf8Encode(plain)));
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    expect(toBase64url(all)).not.toMatch(/[+/=]/);
    for (let n = 0; n < 40; n++)
      expect(toHex(fromBase64url(toBase64url(all.subarray(0, n))))).toBe(toHex(all.subarray(0, n)));
  });

  it.each([['Zh'], ['Zm9='], ['Zm9v+'], ['Z'], ['Zm9v Yg'], ['Zm/v']])(
    'refuses the non-canonical base64url %j',
    (text) => {
      expect(() => fromBase64url(text)).toThrow(EncodingError);
    },
  );

  it('hex is lowercase and strict', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(() => fromHex('0A')).toThrow(EncodingError);
    expect(() => fromHex('abc')).toThrow(EncodingError);
  });

  it('strict UTF-8 refuses ill-formed bytes and keeps a BOM visible', () => {
    expect(() => utf8DecodeStrict(new Uint8Array([0x7b, 0xc3, 0x28]))).toThrow(EncodingError);
    expect(() => utf8DecodeStrict(new Uint8Array([0xed, 0xa0, 0x80]))).toThrow(EncodingError);
    expect(utf8DecodeStrict(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b]))).toBe('\ufeff{');
  });
});
