// Server settings from the environment, with defaults that run out of the box.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export interface RateLimitConfig {
  /** Requests per window per client IP. */
  max: number;
  windowMs: number;
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
      max: intSetting(env, 'RATE_LIMIT_MAX', 600, 1, 1_000_000),
      windowMs: intSetting(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000),
    },
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
