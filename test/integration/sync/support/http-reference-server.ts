/**
 * The in-memory reference server (test/unit/sync/support) behind real HTTP, speaking docs/sync-protocol.md:
 * POST /v1/enrol, GET /v1/server-keys, POST /v1/packages, POST /v1/pull. It stands in for the provincial server
 * where the headless client must be tested over a real socket without PostgreSQL.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createSigner, generateKeyPair } from '@shared/crypto';
import { canonicalBytes } from '@shared/crypto';
import { decodeEnrolmentRequest, sealDeviceCert } from '@shared/package';
import { ReferenceServer, type HttpAnswer } from '../../../unit/sync/support/reference-server';

export interface HttpReference {
  url: string;
  server: ReferenceServer;
  /** Enrolment codes → county. */
  codes: Map<string, string>;
  /** Statuses to answer the next requests with instead of handling them (e.g. 503). */
  failNext: number[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function startHttpReference(): Promise<HttpReference> {
  const signer = await createSigner(await generateKeyPair('Ed25519'));
  const server = new ReferenceServer(signer);
  const codes = new Map<string, string>();
  const failNext: number[] = [];

  const enrol = async (bytes: Uint8Array): Promise<HttpAnswer | { status: 201; json: unknown }> => {
    const input = JSON.parse(new TextDecoder().decode(bytes)) as { code?: string; request?: unknown };
    const county = input.code ? codes.get(input.code) : undefined;
    if (!county)
      return { status: 400, body: { code: 'ENROL_CODE_UNKNOWN', message: { zh: '注册码无效', en: 'unknown code' } } };
    const decoded = await decodeEnrolmentRequest(canonicalBytes(input.request));
    if (!decoded.ok) return { status: 400, body: { code: decoded.reason, message: decoded.message } };
    const b = decoded.request.body;
    if (b.county !== county)
      return { status: 400, body: { code: 'COUNTY_MISMATCH', message: { zh: '县不符', en: 'county mismatch' } } };
    codes.delete(input.code!);
    server.enrol(b.device, b.county, { alg: b.alg, publicKey: b.publicKey, keyId: decoded.request.header.keyId });
    const now = Date.now();
    const cert = await sealDeviceCert(
      {
        serial: randomUUID(),
        device: b.device,
        county: b.county,
        alg: b.alg,
        publicKey: b.publicKey,
        notBefore: new Date(now - 60_000).toISOString(),
        notAfter: new Date(now + 365 * 86_400_000).toISOString(),
      },
      signer,
    );
    return {
      status: 201,
      json: { certificate: JSON.parse(new TextDecoder().decode(cert.bytes)) as unknown, serverKeys: server.keys },
    };
  };

  const http: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await body(req);
      const forced = failNext.shift();
      if (forced !== undefined) {
        res
          .writeHead(forced, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 'INJECTED', message: { zh: '注入的故障', en: 'injected' } }));
        return;
      }
      let answer: HttpAnswer | { status: number; json: unknown };
      if (req.method === 'GET' && req.url === '/v1/server-keys') answer = { status: 200, json: { keys: server.keys } };
      else if (req.method === 'POST' && req.url === '/v1/enrol') answer = await enrol(bytes);
      else if (req.method === 'POST' && req.url === '/v1/packages') {
        // the provincial server's answer shape: { status, receipt: <receipt file text> }
        const pushed = await server.push(bytes);
        answer =
          'bytes' in pushed
            ? { status: 200, json: { status: 'accepted', receipt: new TextDecoder().decode(pushed.bytes) } }
            : pushed;
      } else if (req.method === 'POST' && req.url === '/v1/pull') answer = await server.pull(bytes);
      else answer = { status: 404, body: { code: 'not-found', message: { zh: '没有这个地址', en: 'not found' } } };
      if ('bytes' in answer)
        res.writeHead(200, { 'content-type': 'application/vnd.linkdesk.package' }).end(Buffer.from(answer.bytes));
      else
        res
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify('json' in answer ? answer.json : answer.body));
    })().catch((e: unknown) =>
      res.writeHead(500).end(JSON.stringify({ code: 'internal', message: { zh: String(e), en: String(e) } })),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    codes,
    failNext,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}
