// 200 devices pushing at once over loopback HTTP to the real server (Fastify app, ingest, embedded PostgreSQL):
// every device posts its own hash chain of packages in order, all devices concurrently (an equal bounded loop to
// autocannon, which cannot keep one chain per connection in order). Packages are sealed before the clock starts.
// Floor: the same 200 concurrent loops against GET /healthz (HTTP + one trivial query) — the stack without ingest.
import { uuidv7 } from '@shared/change';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { sealPackage } from '@shared/package';
import { buildApp } from '../../server/src/app';
import { concurrently, enterpriseOps, percentile, withThrowawayDatabase } from './server-bench-support';
import { entry, type BenchEntry } from './types';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const PACKAGES_PER_DEVICE = 5;
const OPS_PER_PACKAGE = 30;
const COUNTIES = ['130123', '130628', '130102', '131182'];

export default async function bench(): Promise<BenchEntry[]> {
  return withThrowawayDatabase(async (pool) => {
    const app = await buildApp({
      pool,
      databaseKind: 'embedded',
      log: false,
      config: {
        bodyLimit: 8 << 20,
        rateLimit: { max: 1_000_000, windowMs: 60_000 },
        adminToken: 'bench-admin-token-0123456789',
        tls: undefined,
        logLevel: 'silent',
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const chains: Uint8Array<ArrayBuffer>[][] = [];
      for (let d = 0; d < DEVICES; d++) {
        const pair = await generateKeyPair('Ed25519');
        const signer = await createSigner(pair);
        const id = `bench-${d}`;
        const county = COUNTIES[d % COUNTIES.length]!;
        await pool.query(
          `INSERT INTO devices (id, county, public_key, alg, operator, cert_serial) VALUES ($1, $2, $3, 'Ed25519', '张敏', $1)`,
          [id, county, pair.publicKey],
        );
        const node = d.toString(16).padStart(16, '0');
        const chain: Uint8Array<ArrayBuffer>[] = [];
        let prev: string | null = null;
        for (let seq = 1; seq <= PACKAGES_PER_DEVICE; seq++) {
          const ops = enterpriseOps(id, node, county, seq * OPS_PER_PACKAGE, OPS_PER_PACKAGE);
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
              body: { ops, attachments: [] },
            },
            signer,
          );
          chain.push(new Uint8Array(sealed.bytes));
          prev = sealed.digest;
        }
        chains.push(chain);
      }

      const push = await concurrently(DEVICES, PACKAGES_PER_DEVICE, async (d, i) => {
        const res = await fetch(`${base}/v1/packages`, {
          method: 'POST',
          headers: { 'content-type': 'application/vnd.linkdesk.package' },
          body: chains[d]![i]!,
        });
        const body = (await res.json()) as { status?: string; code?: string };
        if (res.status !== 200 || body.status !== 'accepted')
          throw new Error(`device ${d} package ${i + 1}: ${res.status} ${body.code ?? ''}`);
      });
      const floor = await concurrently(DEVICES, PACKAGES_PER_DEVICE, async () => {
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`healthz ${res.status}`);
      });

      const packages = DEVICES * PACKAGES_PER_DEVICE;
      return [
        entry(
          `server push: ${DEVICES} devices × ${PACKAGES_PER_DEVICE} packages (${OPS_PER_PACKAGE} ops) at once, throughput`,
          packages / push.seconds,
          'pkg/s',
          packages / floor.seconds,
        ),
        entry(
          `server push: ${DEVICES} devices at once, ops ingested/s`,
          (packages * OPS_PER_PACKAGE) / push.seconds,
          'ops/s',
        ),
        entry(
          `server push: ${DEVICES} devices at once, p50 latency`,
          percentile(push.latencies, 50),
          'ms',
          percentile(floor.latencies, 50),
        ),
        entry(
          `server push: ${DEVICES} devices at once, p99 latency`,
          percentile(push.latencies, 99),
          'ms',
          percentile(floor.latencies, 99),
        ),
      ];
    } finally {
      await app.close();
    }
  });
}
