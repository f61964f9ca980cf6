/** The device CLI commands; each returns a JSON-able result or throws (main.ts maps errors to exit codes). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { uuidv7 } from '@shared/change';
import { canonicalBytes, isSignatureAlg } from '@shared/crypto';
import { isCountyLevel } from '@shared/domain';
import { decodeDeviceCert, sealEnrolmentRequest } from '@shared/package';
import {
  enrolRefusal,
  holdReasonText,
  serverKeyResolver,
  type HeldOp,
  type ServerKey,
  type SyncProgress,
} from '@shared/sync';
import {
  APP_VERSION,
  initDevice,
  makeEngine,
  offlineTransport,
  openStore,
  saveEnrolment,
  serverKeysOf,
} from '../device-home';
import type { FileSyncStore } from '../file-store';
import { HttpTransport } from '../http-transport';
import { hasDeviceKey, loadDeviceKey } from '../keystore';
import { planDeviceImport, planWrites, writeBatch } from '../import-writes';
import { createRecord, entityOf, listRecords, LocalWriteError, settingsOf, updateRecord } from '../local-writes';
import { fillOf, importReport } from './import-report';
import { need, positional, UsageError, type Parsed } from './args';

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    readonly code: string,
    readonly text: { zh: string; en: string },
  ) {
    super(text.en);
    this.name = 'CliError';
  }
}

type Result = Record<string, unknown>;

/** One held-back change (待处理的修改) for people: which record and field, why, and what to do. */
function describeHeld(h: HeldOp): Result {
  return {
    opId: h.op.opId,
    entity: h.op.entity,
    recordId: h.op.recordId,
    field: h.op.field,
    value: h.op.value,
    county: h.op.county,
    reason: h.reason.code,
    message: holdReasonText(h.reason),
  };
}

/** Progress comes as a phase and counts; the CLI words it. */
function progressZh(pr: SyncProgress): string {
  switch (pr.phase) {
    case 'seal':
      return '正在打包待同步的修改';
    case 'push':
      return pr.done < pr.total ? `正在上报第 ${pr.done + 1}/${pr.total} 个修改包` : '修改已全部上报';
    case 'pull':
      return `正在接收省级数据（第 ${pr.done + 1} 页）`;
    case 'done':
      return '同步完成';
  }
}

function withStore<T>(home: string, fn: (store: FileSyncStore) => Promise<T>): Promise<T> {
  const store = openStore(home);
  return fn(store).finally(() => store.close());
}

function readInput(source: string): unknown {
  let text: string;
  if (source === '-') text = readFileSync(0, 'utf8');
  else {
    if (!existsSync(source))
      throw new CliError(3, 'FILE_NOT_FOUND', { zh: `找不到文件：${source}`, en: `No such file: ${source}` });
    text = readFileSync(source, 'utf8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LocalWriteError('BAD_INPUT', { zh: '输入不是有效的 JSON。', en: 'The input is not valid JSON.' });
  }
}

function readBytes(file: string): Uint8Array {
  if (!existsSync(file))
    throw new CliError(3, 'FILE_NOT_FOUND', { zh: `找不到文件：${file}`, en: `No such file: ${file}` });
  return new Uint8Array(readFileSync(file));
}

async function enrolmentRequest(home: string, store: FileSyncStore): Promise<{ bytes: Uint8Array; flat: Result }> {
  const s = settingsOf(store);
  const signer = await loadDeviceKey(home);
  const body = {
    requestId: uuidv7(),
    device: s.deviceId,
    county: s.county,
    alg: signer.alg,
    publicKey: signer.publicKey,
    operator: s.operator,
    createdAt: new Date().toISOString(),
  };
  const sealed = await sealEnrolmentRequest(body, signer);
  return {
    bytes: sealed.bytes,
    flat: {
      deviceId: s.deviceId,
      county: s.county,
      operator: s.operator,
      alg: signer.alg,
      publicKey: signer.publicKey,
    },
  };
}

/** Checks an enrolment answer belongs to this device and key before keeping it. */
async function checkAnswer(store: FileSyncStore, home: string, answer: Result): Promise<void> {
  // The server hands the certificate as its file text; keep it as the parsed document.
  if (typeof answer.certificate === 'string') {
    try {
      answer.certificate = JSON.parse(answer.certificate) as unknown;
    } catch {
      throw new CliError(4, 'CERT_INVALID', { zh: '证书文件已损坏。', en: 'The certificate is damaged.' });
    }
  }
  const cert = answer.certificate as { header?: { format?: string }; body?: Record<string, unknown> } | undefined;
  if (!cert || typeof cert !== 'object' || !cert.body) {
    throw new CliError(4, 'CERT_INVALID', { zh: '文件中没有设备证书。', en: 'The file holds no device certificate.' });
  }
  const me = settingsOf(store);
  const signer = await loadDeviceKey(home);
  const device = cert.body.device ?? cert.body.deviceId;
  if (device !== me.deviceId || cert.body.publicKey !== signer.publicKey) {
    throw new CliError(4, 'CERT_NOT_MINE', {
      zh: '这张证书不是签发给本设备（或本设备密钥）的。',
      en: 'This certificate was not issued for this device or its key.',
    });
  }
  const keys = Array.isArray(answer.serverKeys) ? (answer.serverKeys as ServerKey[]) : [];
  if (cert.header?.format === 'linkdesk.device-cert' && keys.length > 0) {
    // A signed file is canonical JSON, so canonicalising the parsed object gives back its exact bytes.
    const decoded = await decodeDeviceCert(canonicalBytes(cert), { resolvePublicKey: serverKeyResolver(keys) });
    if (!decoded.ok) {
      throw new CliError(4, decoded.reason, decoded.message);
    }
  }
}

export async function runCommand(p: Parsed, home: string): Promise<Result> {
  switch (p.command) {
    case 'init': {
      const county = need(p, 'county');
      const operator = need(p, 'operator');
      const alg = p.flags.get('alg') ?? 'Ed25519';
      if (!isSignatureAlg(alg))
        throw new CliError(4, 'ALG_UNKNOWN', {
          zh: `不支持的签名算法“${alg}”，应为 Ed25519 或 SM2-SM3（按省级注册码的要求）。`,
          en: `Unsupported signature algorithm "${alg}": use Ed25519 or SM2-SM3 (as the enrolment code requires).`,
        });
      if (!isCountyLevel(county))
        throw new CliError(4, 'COUNTY_UNKNOWN', {
          zh: `“${county}”不是河北省的县级行政区划代码。`,
          en: `"${county}" is not a Hebei county-level code.`,
        });
      if (existsSync(`${home}/data/wal.jsonl`) || existsSync(`${home}/data/snapshot.json`)) {
        const store = openStore(home);
        const initialised = store.replica().identity !== null;
        store.close();
        if (initialised)
          throw new CliError(4, 'ALREADY_INITIALISED', {
            zh: '该目录已初始化过一台设备。',
            en: 'This folder already holds an initialised device.',
          });
      }
      return { ...(await initDevice(home, county, operator, alg)), county, operator, alg };
    }
    case 'enrol-request':
      return withStore(home, async (store) => {
        const out = need(p, 'out');
        const { bytes } = await enrolmentRequest(home, store);
        writeFileSync(out, bytes);
        return { file: out };
      });
    case 'enrol':
      return withStore(home, async (store) => {
        const server = need(p, 'server');
        const code = need(p, 'code');
        const { bytes, flat } = await enrolmentRequest(home, store);
        const http = new HttpTransport(server);
        const answer = await http
          .enrol({ ...flat, code, request: JSON.parse(new TextDecoder().decode(bytes)) as unknown })
          .catch((error: unknown) => {
            throw enrolRefusal(error);
          });
        if (!Array.isArray(answer.serverKeys)) answer.serverKeys = await http.serverKeys();
        await checkAnswer(store, home, answer);
        saveEnrolment(store, answer, server);
        return { enrolled: true, deviceId: settingsOf(store).deviceId, server };
      });
    case 'enrol-accept':
      return withStore(home, async (store) => {
        const raw = readInput(positional(p, 0, 'a certificate FILE')) as Result;
        const answer: Result = raw && typeof raw === 'object' && 'certificate' in raw ? raw : { certificate: raw };
        // approve-request writes { certificate, serverKeys }; a bare certificate (older servers) needs --server-keys.
        const keysFile = p.flags.get('server-keys');
        if (keysFile) {
          const keys = readInput(keysFile) as { keys?: unknown } | unknown[];
          answer.serverKeys = Array.isArray(keys) ? keys : keys?.keys;
        }
        await checkAnswer(store, home, answer);
        saveEnrolment(store, answer, null);
        const serverKeys = serverKeysOf(store).length;
        return {
          enrolled: true,
          deviceId: settingsOf(store).deviceId,
          serverKeys,
          ...(serverKeys === 0
            ? {
                warning: {
                  zh: '尚无省级服务器公钥：导入返回包前，请联网同步一次或用 --server-keys 导入公钥文件。',
                  en: 'No server keys yet: sync online once or pass --server-keys before importing return packages.',
                },
              }
            : {}),
        };
      });
    case 'add':
      return withStore(home, async (store) => {
        const entity = positional(p, 0, '<entity>');
        const input = readInput(need(p, 'json'));
        if (!Array.isArray(input)) {
          const { recordId, ops } = createRecord(store, entity, input);
          return { id: recordId, ops: ops.length };
        }
        // Bulk migration: one transaction per record; each id is reported on stderr as soon as it is durable.
        const ids: string[] = [];
        for (const [row, values] of input.entries()) {
          try {
            ids.push(createRecord(store, entity, values).recordId);
          } catch (e) {
            if (e instanceof LocalWriteError)
              throw new LocalWriteError(
                e.code,
                {
                  zh: `第 ${row + 1} 条：${e.text.zh}（之前的 ${row} 条已保存）`,
                  en: `record ${row + 1}: ${e.text.en} (the ${row} before it were saved)`,
                },
                e.errors,
              );
            throw e;
          }
          process.stderr.write(`committed ${ids[ids.length - 1]}\n`);
        }
        return { ids, count: ids.length };
      });
    case 'update':
      return withStore(home, async (store) => {
        const ops = updateRecord(
          store,
          positional(p, 0, '<entity>'),
          positional(p, 1, 'ID'),
          readInput(need(p, 'json')),
        );
        return { id: p.positionals[1], ops: ops.length };
      });
    case 'list':
      return withStore(home, async (store) => ({ records: listRecords(store, positional(p, 0, '<entity>')) }));
    case 'sync':
      return withStore(home, async (store) => {
        const http = new HttpTransport(need(p, 'server'));
        if (serverKeysOf(store).length === 0)
          store.setMeta({ serverKeys: (await http.serverKeys()) as unknown as never });
        const engine = await makeEngine(home, store, new HttpTransport(need(p, 'server')));
        const report = await engine.run({
          onProgress: (pr) => (p.jsonOutput ? undefined : process.stderr.write(`${progressZh(pr)}\n`)),
        });
        return { ...report, status: await engine.status() };
      });
    case 'export-package':
      return withStore(home, async (store) => {
        const out = need(p, 'out');
        const engine = await makeEngine(home, store, offlineTransport);
        const packages = await engine.exportPendingPackages();
        const files: { file: string; seq: number; digest: string }[] = [];
        for (const pkg of packages) {
          const ext = extname(out);
          const file = packages.length === 1 ? out : `${out.slice(0, out.length - ext.length)}-seq${pkg.seq}${ext}`;
          writeFileSync(file, pkg.bytes);
          files.push({ file, seq: pkg.seq, digest: pkg.digest });
        }
        return { files };
      });
    case 'import-return':
      return withStore(home, async (store) => {
        const bytes = readBytes(positional(p, 0, 'a return package FILE'));
        const engine = await makeEngine(home, store, offlineTransport);
        return { ...(await engine.importReturnPackage(bytes)) };
      });
    case 'import':
      return withStore(home, async (store) => {
        const file = positional(p, 0, 'a spreadsheet FILE');
        const bytes = readBytes(file);
        const entity = entityOf(p.flags.get('entity') ?? 'demand');
        const dryRun = p.flags.has('dry-run');
        const result = planDeviceImport(store, bytes, basename(file), entity, fillOf(entity, p.sets));
        // A refused file (not a spreadsheet, encrypted, too many rows…) exits 4 with the reader's code and message.
        if (!result.ok) throw new CliError(4, result.error.code, result.error.message);
        const blocking = result.problems.filter((pr) => pr.code !== 'DUPLICATE_TARGET');
        if (!dryRun && blocking.length > 0) {
          throw new CliError(4, 'MAPPING_INCOMPLETE', {
            zh: blocking.map((pr) => pr.message.zh).join('；'),
            en: blocking.map((pr) => pr.message.en).join('; '),
          });
        }
        const ops = dryRun ? [] : writeBatch(store, planWrites(result.plan));
        return importReport(result, { dryRun, ops: ops.length });
      });
    case 'status':
      return withStore(home, async (store) => {
        const s = settingsOf(store);
        const engine = hasDeviceKey(home) ? await makeEngine(home, store, offlineTransport) : null;
        const status = engine ? await engine.status() : null;
        return {
          deviceId: s.deviceId,
          county: s.county,
          operator: s.operator,
          enrolled: store.meta().certificate != null,
          appVersion: APP_VERSION,
          ...status,
          held: (await store.heldOps()).map(describeHeld),
        };
      });
    case 'held':
      return withStore(home, async (store) => ({ held: (await store.heldOps()).map(describeHeld) }));
    case 'discard':
      return withStore(home, async (store) => {
        if (p.positionals.length === 0) throw new UsageError('discard needs the opId of each held change (see held)');
        const engine = await makeEngine(home, store, offlineTransport);
        return { discarded: await engine.discardHeld(p.positionals) };
      });
    case 'retry-held':
      return withStore(home, async (store) => {
        const engine = await makeEngine(home, store, offlineTransport);
        return { released: await engine.retryHeld() };
      });
    default:
      throw new UsageError(`unknown command ${p.command}`);
  }
}
