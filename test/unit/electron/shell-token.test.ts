// The browser shell keeps its token across restarts, so a page it served reconnects by itself afterwards.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { persistentToken } from '../../../electron/src/browser-shell/token';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'linkdesk-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('persistentToken', () => {
  it('makes a token once, in a file only its owner reads, and gives the same one after a restart', () => {
    const file = path.join(dir, 'shell-token');
    const first = persistentToken(file);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(persistentToken(file)).toBe(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
  });

  it('replaces a file that holds no token', () => {
    const file = path.join(dir, 'shell-token');
    writeFileSync(file, 'not a token!\n');
    const token = persistentToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(persistentToken(file)).toBe(token);
  });
});
