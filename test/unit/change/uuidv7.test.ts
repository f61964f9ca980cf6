import { describe, expect, it } from 'vitest';
import { createUuidV7, isUuidV7, uuidV7Time, uuidv7 } from '@shared/change/uuidv7';

describe('UUIDv7 (RFC 9562)', () => {
  it('has the 8-4-4-4-12 lowercase hex form, version 7 and the RFC variant', () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(isUuidV7(id)).toBe(true);
  });

  it('carries the 48-bit Unix millisecond timestamp of its creation', () => {
    const at = Date.UTC(2026, 10, 28, 20, 14, 30, 123);
    const id = createUuidV7(() => at)();
    expect(uuidV7Time(id)).toBe(at);
    expect(id.slice(0, 13)).toBe(
      `${at.toString(16).padStart(12, '0').slice(0, 8)}-${at.toString(16).padStart(12, '0').slice(8)}`,
    );
  });

  it('is strictly increasing within one millisecond, across milliseconds and when the clock steps back', () => {
    let t = 1_700_000_000_000;
    const steps = [0, 0, 0, 1, 0, -5, 0, 3, -1000, 0, 2];
    const next = createUuidV7(() => t);
    let prev = next();
    for (let i = 0; i < 20_000; i++) {
      t += steps[i % steps.length]!;
      const id = next();
      expect(id > prev).toBe(true);
      prev = id;
    }
  });

  it('makes no duplicate in 100,000 ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(uuidv7());
    expect(seen.size).toBe(100_000);
  });

  it('draws fresh randomness for each new millisecond, so two generators do not collide', () => {
    const at = () => 1_800_000_000_000;
    const a = createUuidV7(at);
    const b = createUuidV7(at);
    expect(a()).not.toBe(b());
  });

  it('refuses to read a time out of something that is not a UUIDv7', () => {
    expect(() => uuidV7Time('0190a6f2-8c4b-4d2e-9f1a-123456789abc')).toThrow(TypeError);
    expect(isUuidV7('0190A6F2-8C4B-7D2E-9F1A-123456789ABC')).toBe(false);
  });
});
