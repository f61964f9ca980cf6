// Load as a county network sees it, with the server's DEFAULT limits and timeouts (what `npm run server` runs):
// N devices, each from its own source address (127.0.0.x: the whole 127/8 is loopback), each on its own kept-alive
// connection, push their hash chains of packages at once. Figures: packages/s, p50/p99 latency, and loss (packages
// not in the database afterwards, or refused) which must be 0. The same devices then push again all from ONE address
// (a county behind one NAT): with the default per-IP limit nothing may be refused either.
import http from 'node:http';
import { uuidv7 } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { sealPackage } from '@shared/package';
import { buildApp } from '../../server/src/app';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS } from '../../server/src/config';
import type { Pool } from '../../server/src/db/pool';
import { concurrently, enterpriseOps, percentile, withThrowawayDatabase } from './server-bench-support';
import { entry, type BenchEntry } from './types';

const DEVICES = Number(process.env.BENCH_LOAD_DEVICES ?? 100);
const PACKAGES_PER_ROUND = 5;
const OPS_PER_PACKAGE = 20;
const COUNTIES = ['130123', '130628', '130102', '131182'];

interface Device {
  id: string;
  chain: Uint8Array<ArrayBuffer>[];
}

async function sealDevices(pool: Pool, packages: number): Promise<Device[]> {
  const devices: Device[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const pair = await generateKeyPair('Ed25519');
    const signer = await createSigner(pair);
    const id = `load-${d}`;
    const county = COUNTIES[d % COUNTIES.length]!;
    await pool.query(
      `INSERT INTO devices (id, county, public_key, alg, operator, cert_serial) VALUES ($1, $2, $3, 'Ed25519', '张敏', $1)`,
      [id, county, pair.publicKey],
    );
    const node = d.toString(16).padStart(16, '0');
    const chain: Uint8Array<ArrayBuffer>[] = [];
    let prev: string | null = null;
    for (let seq = 1; seq <= packages; seq++) {
      const sealed = await sealPackage(
        {
          header: {
            kind: 'changes',
            packageId: uuidv7(),
            county,
            device: id,
            seq,
            prevDigest: prev,
            cursor: null,
            createdAt: new Date().toISOString(),
            schemaVersion: 1,
            appVersion: '0.1.0',
          },
          body: { ops: enterpriseOps(id, node, county, seq * OPS_PER_PACKAGE, OPS_PER_PACKAGE), attachments: [] },
        },
        signer,
      );
      chain.push(new Uint8Array(sealed.bytes));
      prev = sealed.digest;
    }
    devices.push({ id, chain });
  }
  return devices;
}

/** POSTs one package from `localAddress` over that device's kept-alive agent; resolves to the status. */
function post(port: number, agent: http.Agent, localAddress: string, bytes: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/packages',
        method: 'POST',
        agent,
        localAddress,
        headers: { 'content-type': 'application/vnd.linkdesk.package', 'content-length': bytes.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

export default async function bench(): Promise<BenchEntry[]> {
  return withThrowawayDatabase(async (pool) => {
    const app = await buildApp({
      pool,
      databaseKind: 'embedded',
      log: false,
      config: {
        bodyLimit: 8 << 20,
        rateLimit: { ...DEFAULT_LIMITS, windowMs: 60_000 },
        timeouts: DEFAULT_TIMEOUTS,
        trustProxy: false,
        adminToken: 'bench-admin-token-0123456789',
        tls: undefined,
        logLevel: 'silent',
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const agents: http.Agent[] = [];
    try {
      const devices = await sealDevices(pool, 2 * PACKAGES_PER_ROUND);
      const round = async (addressOf: (d: number) => string, offset: number) => {
        let refused = 0;
        const loop = await concurrently(DEVICES, PACKAGES_PER_ROUND, async (d, i) => {
          const agent = (agents[d] ??= new http.Agent({ keepAlive: true, maxSockets: 1 }));
          const status = await post(port, agent, addressOf(d), devices[d]!.chain[offset + i]!);
          if (status !== 200) refused++;
        });
        return { loop, refused };
      };
      // 127.0.1.1 … : distinct addresses (skipping 127.0.0.x, which the host may use for itself).
      const distinct = await round((d) => `127.0.${1 + (d >> 8)}.${(d & 255) + 1}`, 0);
      for (const agent of agents.splice(0)) agent.destroy();
      const oneNat = await round(() => '127.0.0.1', PACKAGES_PER_ROUND);

      const expected = DEVICES * 2 * PACKAGES_PER_ROUND;
      const { rows } = await pool.query<{ packages: number; ops: number }>(
        `SELECT (SELECT count(*)::int FROM packages WHERE device LIKE 'load-%') AS packages,
                (SELECT count(*)::int FROM ops) AS ops`,
      );
      const stored = rows[0]!;
      const lost = expected - stored.packages + (expected * OPS_PER_PACKAGE - stored.ops);
      const packages = DEVICES * PACKAGES_PER_ROUND;
      const name = `server load (default limits): ${DEVICES} devices × ${PACKAGES_PER_ROUND} packages`;
      return [
        entry(`${name}, distinct addresses, throughput`, packages / distinct.loop.seconds, 'pkg/s'),
        entry(`${name}, distinct addresses, p50 latency`, percentile(distinct.loop.latencies, 50), 'ms'),
        entry(`${name}, distinct addresses, p99 latency`, percentile(distinct.loop.latencies, 99), 'ms'),
        entry(`${name}, one NAT address, throughput`, packages / oneNat.loop.seconds, 'pkg/s'),
        entry(`${name}, one NAT address, p99 latency`, percentile(oneNat.loop.latencies, 99), 'ms'),
        entry(`${name}, refused (429 or other)`, distinct.refused + oneNat.refused, 'requests'),
        entry(`${name}, lost (packages or ops not stored)`, lost, 'items'),
      ];
    } finally {
      for (const agent of agents) agent.destroy();
      await app.close();
    }
  });
}
