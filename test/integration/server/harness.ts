// Builds the real server app on a fresh, migrated test database (see test/support/postgres.ts).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import {
  createSigner,
  generateKeyPair,
  utf8DecodeStrict,
  type KeyPair,
  type SignatureAlg,
  type Signer,
} from '@shared/crypto';
import { uuidv7 } from '@shared/change';
import { sealEnrolmentRequest } from '@shared/package';
import { buildApp } from '../../../server/src/app';
import { migrate } from '../../../server/src/db/migrate';
import { createPool, type Pool } from '../../../server/src/db/pool';
import { useTestDatabase, type TestDatabaseKind } from '../../support/postgres';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface ServerHarness {
  readonly app: FastifyInstance;
  readonly pool: Pool;
  readonly url: string;
}

export function useServer(
  kind: TestDatabaseKind,
  overrides: { bodyLimit?: number; rateLimitMax?: number; deviceMax?: number; trustProxy?: string[] } = {},
): ServerHarness {
  const database = useTestDatabase(kind);
  let app: FastifyInstance | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    pool = createPool(database.url);
    await migrate(pool);
    app = await buildApp({
      pool,
      databaseKind: kind === 'embedded' ? 'embedded' : 'external',
      log: false,
      config: {
        bodyLimit: overrides.bodyLimit ?? 8 * 1024 * 1024,
        rateLimit: {
          max: overrides.rateLimitMax ?? 10_000,
          windowMs: 60_000,
          ...(overrides.deviceMax ? { deviceMax: overrides.deviceMax } : {}),
        },
        adminToken: ADMIN_TOKEN,
        tls: undefined,
        logLevel: 'silent',
        trustProxy: overrides.trustProxy ?? false,
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });
  return {
    get app() {
      return app!;
    },
    get pool() {
      return pool!;
    },
    get url() {
      return database.url;
    },
  };
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A device's side of enrolment, with the shared crypto and package formats (what the desktop app uses). */
export interface TestDevice {
  pair: KeyPair;
  signer: Signer;
}

export async function newDeviceKeys(alg: SignatureAlg = 'Ed25519'): Promise<TestDevice> {
  const pair = await generateKeyPair(alg);
  return { pair, signer: await createSigner(pair) };
}

export async function enrolmentRequestText(
  device: TestDevice,
  facts: { device: string; county: string; operator?: string },
): Promise<{ text: string; digest: string }> {
  const sealed = await sealEnrolmentRequest(
    {
      requestId: uuidv7(),
      device: facts.device,
      county: facts.county,
      alg: device.pair.alg,
      publicKey: device.pair.publicKey,
      operator: facts.operator ?? '王芳',
      createdAt: new Date().toISOString(),
    },
    device.signer,
  );
  return { text: utf8DecodeStrict(sealed.bytes), digest: sealed.digest };
}
