// Rate limits beyond the per-IP one: online enrolment attempts per enrolment-code prefix and per device id. They
// hold however many addresses an attacker has (or forges through X-Forwarded-For when TRUST_PROXY is wrong).
import type { FastifyInstance } from 'fastify';
import { errors } from './errors.js';

/** Fixed-window counters, bounded in memory: past `maxKeys` live keys the oldest window is dropped whole. */
export class WindowCounter {
  private counts = new Map<string, number>();
  private windowStart: number;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    this.windowStart = now();
  }

  /** Counts one hit for `key`; false when the key is over its limit in this window. */
  hit(key: string): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs || this.counts.size >= this.maxKeys) {
      this.counts.clear();
      this.windowStart = t;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.max;
  }
}

/** The part of an enrolment code an attacker guessing codes keeps fixed: its first 4 significant characters. */
export function codePrefix(code: unknown): string {
  return typeof code === 'string' ? code.toUpperCase().replace(/[\s-]/g, '').slice(0, 4) : '';
}

export function installEnrolLimits(app: FastifyInstance, limits: { max: number; windowMs: number }): void {
  const byPrefix = new WindowCounter(limits.max, limits.windowMs);
  const byDevice = new WindowCounter(limits.max, limits.windowMs);
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.url !== '/v1/enrol' || request.method !== 'POST') return;
    const body = (request.body ?? {}) as { code?: unknown; deviceId?: unknown };
    const prefixOk = byPrefix.hit(codePrefix(body.code));
    const deviceOk = byDevice.hit(typeof body.deviceId === 'string' ? body.deviceId.slice(0, 64) : '');
    if (!prefixOk || !deviceOk) throw errors.rateLimited();
  });
}
