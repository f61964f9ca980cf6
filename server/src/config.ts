// Server settings from the environment, with defaults that run out of the box.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

export interface RateLimitConfig {
  /** Requests per window per client IP (a whole county may sit behind one NAT address). */
  max: number;
  windowMs: number;
  /** Requests per window per client IP to the update feed (/updates/). */
  updatesMax: number;
  /** Online enrolment attempts per window per enrolment-code prefix (its first 4 characters), and per device id. */
  enrolMax: number;
  /**
   * Packages per window per enrolled device, counted once its signature verified (a claimed device id costs the
   * real device nothing): one runaway PC cannot take its county's whole per-IP allowance.
   */
  deviceMax: number;
}

/** Socket and request bounds: a slow or silent client is cut off, and the number of open connections is capped. */
export interface TimeoutConfig {
  /** Whole request (headers and body) must arrive within this (REQUEST_TIMEOUT_MS). */
  requestMs: number;
  /** Headers must arrive within this (HEADERS_TIMEOUT_MS). */
  headersMs: number;
  /** An idle kept-alive connection is closed after this (KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveMs: number;
  /** A socket with no traffic at all is closed after this (CONNECTION_TIMEOUT_MS). */
  idleMs: number;
  /** Open connections beyond this are refused (MAX_CONNECTIONS). */
  maxConnections: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** External PostgreSQL; undefined means the embedded PostgreSQL under dataDir/pg. */
  databaseUrl: string | undefined;
  dataDir: string;
  tls: { cert: string; key: string } | undefined;
  adminToken: string;
  bodyLimit: number;
  rateLimit: RateLimitConfig;
  timeouts: TimeoutConfig;
  /** Proxy addresses (or CIDR ranges) whose X-Forwarded-For is believed; false: the socket address is the client. */
  trustProxy: string[] | false;
  logLevel: string;
  /** electron-updater feed folder served under /updates/ (UPDATES_DIR, default DATA_DIR/updates). */
  updatesDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const MIB = 1024 * 1024;

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}".`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}.`);
  return n;
}

/**
 * Per-IP limits sized for a county behind one NAT address: ~100 PCs syncing at once, each a push and a few pull
 * pages a minute, with room for a burst after an outage (3,000 a minute). The update feed gets its own bucket (a
 * county's PCs fetch latest.yml and an installer's ranges together). Enrolment is rare: 10 attempts per code prefix
 * and per device id per window are plenty for typing mistakes and far too few to guess a 12-character code.
 */
export const DEFAULT_LIMITS = { max: 3000, updatesMax: 3000, enrolMax: 10, deviceMax: 600 } as const;

/** A package of 8 MiB over a 1 Mbit/s county link takes about 70 s; a silent client is cut off much sooner. */
export const DEFAULT_TIMEOUTS: TimeoutConfig = {
  requestMs: 120_000,
  headersMs: 15_000,
  keepAliveMs: 10_000,
  idleMs: 30_000,
  maxConnections: 1000,
};

/** TRUST_PROXY: comma-separated IP addresses or CIDR ranges of the reverse proxies in front (nginx); unset: none. */
export function trustProxySetting(raw: string | undefined): string[] | false {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return false;
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || extra !== undefined) {
      throw new ConfigError(
        `TRUST_PROXY must list proxy IP addresses or CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8), got "${entry}".`,
      );
    }
  }
  return entries;
}

/** Only what the admin CLI needs to reach the same database as the server. */
export function loadDatabaseSettings(env: Env = process.env): Pick<ServerConfig, 'databaseUrl' | 'dataDir'> {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://.');
  }
  return { databaseUrl, dataDir: path.resolve(env.DATA_DIR?.trim() || './data/server') };
}

/** Reads settings; creates DATA_DIR and the admin token file on first run when ADMIN_TOKEN is unset. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const { dataDir, databaseUrl } = loadDatabaseSettings(env);
  const certPath = env.TLS_CERT?.trim() || undefined;
  const keyPath = env.TLS_KEY?.trim() || undefined;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new ConfigError('Set both TLS_CERT and TLS_KEY, or neither (then serve plain HTTP behind nginx).');
  }
  let tls: ServerConfig['tls'];
  if (certPath && keyPath) {
    for (const [name, file] of [
      ['TLS_CERT', certPath],
      ['TLS_KEY', keyPath],
    ] as const) {
      if (!existsSync(file)) throw new ConfigError(`${name} file not found: ${file}`);
    }
    tls = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  }
  const host = env.HOST?.trim() || '127.0.0.1';
  const adminToken = env.ADMIN_TOKEN?.trim() || readOrCreateAdminToken(dataDir);
  if (adminToken.length < 16) throw new ConfigError('ADMIN_TOKEN must be at least 16 characters.');
  return {
    port: intSetting(env, 'PORT', 8787, 0, 65535),
    host,
    databaseUrl,
    dataDir,
    tls,
    adminToken,
    bodyLimit: intSetting(env, 'BODY_LIMIT', 8 * MIB, 1024, 1024 * MIB),
    rateLimit: {
      max: intSetting(env, 'RATE_LIMIT_MAX', DEFAULT_LIMITS.max, 1, 1_000_000),
      windowMs: intSetting(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000),
      updatesMax: intSetting(env, 'UPDATES_RATE_LIMIT_MAX', DEFAULT_LIMITS.updatesMax, 1, 1_000_000),
      enrolMax: intSetting(env, 'ENROL_RATE_LIMIT_MAX', DEFAULT_LIMITS.enrolMax, 1, 10_000),
      deviceMax: intSetting(env, 'DEVICE_RATE_LIMIT_MAX', DEFAULT_LIMITS.deviceMax, 1, 1_000_000),
    },
    timeouts: {
      requestMs: intSetting(env, 'REQUEST_TIMEOUT_MS', DEFAULT_TIMEOUTS.requestMs, 1000, 3_600_000),
      headersMs: intSetting(env, 'HEADERS_TIMEOUT_MS', DEFAULT_TIMEOUTS.headersMs, 1000, 600_000),
      keepAliveMs: intSetting(env, 'KEEP_ALIVE_TIMEOUT_MS', DEFAULT_TIMEOUTS.keepAliveMs, 1000, 600_000),
      idleMs: intSetting(env, 'CONNECTION_TIMEOUT_MS', DEFAULT_TIMEOUTS.idleMs, 1000, 3_600_000),
      maxConnections: intSetting(env, 'MAX_CONNECTIONS', DEFAULT_TIMEOUTS.maxConnections, 1, 1_000_000),
    },
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    updatesDir: path.resolve(env.UPDATES_DIR?.trim() || path.join(dataDir, 'updates')),
  };
}

export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, 'admin-token');
}

function readOrCreateAdminToken(dataDir: string): string {
  const file = adminTokenPath(dataDir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  // 'wx' so two instances starting together never overwrite each other's token.
  try {
    writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
    return token;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
