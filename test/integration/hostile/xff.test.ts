// X-Forwarded-For spoofing: with `trustProxy: true` a client that sent a new X-Forwarded-For per request met no
// limit (1,000 enrolment-code guesses, none refused). Now XFF is believed only from TRUST_PROXY addresses, and
// enrolment attempts are limited per code prefix and per device id, whatever address they claim or come from.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, loadConfig } from '../../../server/src/config';
import { databaseKinds } from '../../support/postgres';
import { useServer } from '../server/harness';

let n = 0;
const spoofed = (): Record<string, string> => {
  n++;
  return { 'x-forwarded-for': `203.0.${(n >> 8) & 255}.${n & 255}` };
};

describe.each(databaseKinds())('X-Forwarded-For on %s PostgreSQL', (kind) => {
  describe('without TRUST_PROXY', () => {
    const server = useServer(kind, { rateLimitMax: 5 });

    it('counts every request against the socket address, whatever X-Forwarded-For says', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) {
        codes.push((await server.app.inject({ method: 'GET', url: '/v1/server-keys', headers: spoofed() })).statusCode);
      }
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    });
  });

  describe('enrolment guesses', () => {
    const server = useServer(kind);

    it(`refuses guesses of one code prefix after ${DEFAULT_LIMITS.enrolMax}, from ever-new addresses and devices`, async () => {
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const guess = `ABCD-${String(1000 + i).padStart(4, 'E')}-WXYZ`.replace(/[01]/g, 'K');
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/enrol',
          headers: spoofed(),
          remoteAddress: `198.51.100.${i}`,
          payload: { code: guess, deviceId: `pc-guess-${i}`, publicKey: 'x', alg: 'Ed25519', operator: '王芳' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().code).toBe('rate-limited');
      }
      expect(codes.slice(0, DEFAULT_LIMITS.enrolMax).every((c) => c !== 429)).toBe(true);
      expect(codes.slice(DEFAULT_LIMITS.enrolMax).every((c) => c === 429)).toBe(true);
    });

    it(`refuses one device id's attempts after ${DEFAULT_LIMITS.enrolMax}, whatever codes it tries`, async () => {
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/enrol',
          remoteAddress: `198.51.101.${i}`,
          payload: {
            code: `Q${'RSTUVWXYZ23456789'[i % 17]}${'ABCDEFGHJK'[i % 10]}M-NNNN-PPPP`,
            deviceId: 'pc-one',
            publicKey: 'x',
            alg: 'Ed25519',
            operator: '王芳',
          },
        });
        codes.push(res.statusCode);
      }
      expect(codes.filter((c) => c === 429)).toHaveLength(20 - DEFAULT_LIMITS.enrolMax);
    });
  });
});

describe('TRUST_PROXY', () => {
  const env = { ADMIN_TOKEN: 'a'.repeat(20), DATA_DIR: '/nonexistent-linkdesk' };

  it('is off by default, and lists addresses or CIDR ranges when set', () => {
    expect(loadConfig(env).trustProxy).toBe(false);
    expect(loadConfig({ ...env, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    for (const bad of ['true', '*', '10.0.0.0/33', 'nginx', '1.2.3.4/8/1']) {
      expect(() => loadConfig({ ...env, TRUST_PROXY: bad })).toThrow(ConfigError);
    }
  });

  it('sizes the per-IP default for a county behind one NAT address: 100 PCs × 20 requests a minute', () => {
    const config = loadConfig(env);
    expect(config.rateLimit.windowMs).toBe(60_000);
    expect(config.rateLimit.max).toBeGreaterThanOrEqual(100 * 20);
  });
});

describe('behind a trusted proxy', () => {
  const server = useServer('embedded', { rateLimitMax: 3, trustProxy: ['127.0.0.1'] });

  it('gives each forwarded client its own bucket, and ignores addresses a client prepends', async () => {
    const from = (xff: string) =>
      server.app.inject({ method: 'GET', url: '/v1/server-keys', headers: { 'x-forwarded-for': xff } });
    const a = [];
    for (let i = 0; i < 4; i++) a.push((await from(`192.0.2.${i}, 192.0.2.200`)).statusCode);
    expect(a).toEqual([200, 200, 200, 429]);
    expect((await from('192.0.2.201')).statusCode).toBe(200);
  });

  it('does not believe X-Forwarded-For from an address that is not a proxy', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const res = await server.app.inject({
        method: 'GET',
        url: '/v1/server-keys',
        remoteAddress: '198.51.102.7',
        headers: { 'x-forwarded-for': `192.0.2.${50 + i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429]);
  });
});
