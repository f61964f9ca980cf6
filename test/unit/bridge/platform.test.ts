// @vitest-environment jsdom
// renderer/src/platform: how the page finds its host, and the in-memory bridge for renderer tests.
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_METHOD_NAMES, type DesktopBridge, dispatchBridgeCall } from '@shared/bridge';
import {
  consumeLaunchToken,
  createBrowserShellClient,
  bytesToBase64,
  shellConnection,
  storedToken,
} from '../../../renderer/src/platform/browser-shell-client';
import { getBridge, hasBridge, installBridge } from '../../../renderer/src/platform';
import { createTestingBridge } from '../../support/testing-bridge';

const TOKEN = 'launch-token-0123456789abcdef';

afterEach(() => {
  installBridge(null);
  localStorage.clear();
  window.history.replaceState(null, '', '/');
  delete (window as { linkdesk?: unknown }).linkdesk;
});

describe('launch token', () => {
  it('moves #token=… into localStorage (shared by the tabs of the origin) and removes it from the address bar', () => {
    window.history.replaceState(null, '', `/index.html#token=${TOKEN}`);
    expect(consumeLaunchToken()).toBe(TOKEN);
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/index.html');
    // a reload keeps the token (localStorage) though the fragment is gone
    expect(consumeLaunchToken()).toBe(TOKEN);
  });

  it('leaves a route fragment alone and ignores malformed tokens', () => {
    window.history.replaceState(null, '', '/#/settings');
    expect(consumeLaunchToken()).toBeNull();
    expect(window.location.hash).toBe('#/settings');
    window.history.replaceState(null, '', '/#token=short');
    expect(consumeLaunchToken()).toBeNull();
  });
});

describe('getBridge', () => {
  it('an http tab opened without the launch link gets a client that says it has no token (and connects once it has)', async () => {
    const calls: string[] = [];
    const host = createTestingBridge();
    installBridge(
      createBrowserShellClient({
        token: () => storedToken(),
        fetch: async (input, init) => {
          calls.push(String((init?.headers as Record<string, string>)['X-LinkDesk-Token']));
          const method = String(input).split('/').pop()!;
          return new Response(JSON.stringify(await dispatchBridgeCall(host, method, JSON.parse(String(init?.body)))));
        },
      }),
    );
    await expect(getBridge().appInfo()).rejects.toMatchObject({ code: 'BRIDGE_FORBIDDEN' });
    expect(shellConnection().state).toBe('no-token');
    expect(calls).toEqual([]);
    // the launch window of this browser stores the token: the next call carries it
    localStorage.setItem('linkdesk.shellToken', TOKEN);
    await getBridge().appInfo();
    expect(calls).toEqual([TOKEN]);
    expect(shellConnection().state).toBe('ok');
  });

  it('uses the Electron preload first, and restores error codes that contextBridge flattened', async () => {
    const rejected = async () => {
      throw new Error("Error invoking remote method 'linkdesk:bridge:writeBackup': BRIDGE_PATH_REFUSED: not allowed");
    };
    (window as { linkdesk?: unknown }).linkdesk = Object.fromEntries(BRIDGE_METHOD_NAMES.map((m) => [m, rejected]));
    localStorage.setItem('linkdesk.shellToken', TOKEN);
    await expect(
      getBridge().writeBackup({ folder: '/x', fileName: 'a-1.ldbak', dataBase64: '', keep: 1 }),
    ).rejects.toMatchObject({ code: 'BRIDGE_PATH_REFUSED', detail: 'not allowed' });
  });

  it('uses the browser-shell client on an http page launched with a token', () => {
    window.history.replaceState(null, '', `/#token=${TOKEN}`);
    expect(window.location.protocol).toBe('http:');
    expect(hasBridge()).toBe(true);
  });
});

describe('browser-shell client', () => {
  const host = createTestingBridge();
  it('posts the validated argument to /bridge/<method> with the token header and reads the envelope', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const client = createBrowserShellClient({
      token: TOKEN,
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init! });
        const envelope = await dispatchBridgeCall(
          host,
          String(url).slice('/bridge/'.length),
          JSON.parse(String(init!.body)),
        );
        return new Response(JSON.stringify(envelope), { status: envelope.ok ? 200 : 400 });
      },
      pickFile: async () => ({ name: 'a.xlsx', dataBase64: '' }),
    });
    expect(await client.saveFile({ suggestedName: 'x.csv', mime: 'text/csv', dataBase64: 'YQ==' })).toEqual({
      path: '/test-data/exports/x.csv',
    });
    expect(seen[0]!.url).toBe('/bridge/saveFile');
    expect(seen[0]!.init.method).toBe('POST');
    expect((seen[0]!.init.headers as Record<string, string>)['X-LinkDesk-Token']).toBe(TOKEN);
    expect(await client.openFile({ accept: ['.xlsx'] })).toEqual({ name: 'a.xlsx', dataBase64: '' });
  });

  it('turns a non-envelope answer into BRIDGE_UNAVAILABLE', async () => {
    const client = createBrowserShellClient({
      token: TOKEN,
      fetch: async () => new Response('<html>proxy error</html>', { status: 502 }),
    });
    await expect(client.appInfo()).rejects.toMatchObject({ code: 'BRIDGE_UNAVAILABLE' });
  });

  it('encodes bytes as standard base64', () => {
    expect(bytesToBase64(new Uint8Array([0, 1, 2, 250, 251, 252]))).toBe('AAEC+vv8');
  });
});

describe('testing bridge', () => {
  it('validates like the real hosts and rotates backups with the same rule', async () => {
    const bridge = createTestingBridge();
    const folder = await bridge.chooseFolder();
    expect(folder).toBe('/test-data/backups');
    for (const day of ['01', '02', '03'])
      await bridge.writeBackup({ folder: folder!, fileName: `ld-202611${day}.ldbak`, dataBase64: '', keep: 2 });
    expect([...bridge.written.keys()].sort()).toEqual([
      '/test-data/backups/ld-20261102.ldbak',
      '/test-data/backups/ld-20261103.ldbak',
    ]);
    await expect(
      bridge.writeBackup({ folder: '/elsewhere', fileName: 'a-1.ldbak', dataBase64: '', keep: 1 }),
    ).rejects.toMatchObject({ code: 'BRIDGE_PATH_REFUSED' });
    await expect(bridge.saveFile({ suggestedName: '../x', mime: 'text/plain', dataBase64: '' })).rejects.toMatchObject({
      code: 'BRIDGE_BAD_PAYLOAD',
    });
    expect(bridge.calls.map((c) => c.method)).toEqual([
      'chooseFolder',
      'writeBackup',
      'writeBackup',
      'writeBackup',
      'writeBackup',
    ]);
  });

  it('can stand in for getBridge in renderer tests', async () => {
    const bridge: DesktopBridge = createTestingBridge({ appInfo: { shell: 'electron' } });
    installBridge(bridge);
    expect((await getBridge().appInfo()).shell).toBe('electron');
  });
});

describe('after the browser shell restarts', () => {
  it('a refused token or no answer marks the connection lost; the next answer brings it back and moves the epoch on', async () => {
    const host = createTestingBridge();
    let mode: 'down' | 'forbid' | 'up' = 'down';
    const client = createBrowserShellClient({
      token: TOKEN,
      fetch: async (input, init) => {
        if (mode === 'down') throw new TypeError('Failed to fetch');
        if (mode === 'forbid')
          return new Response(
            JSON.stringify({
              ok: false,
              error: { code: 'BRIDGE_FORBIDDEN', message: 'missing or wrong launch token' },
            }),
            { status: 403 },
          );
        const method = String(input).split('/').pop()!;
        return new Response(JSON.stringify(await dispatchBridgeCall(host, method, JSON.parse(String(init?.body)))));
      },
    });
    await client.appInfo().catch(() => undefined);
    expect(shellConnection().state).toBe('lost');
    const epoch = shellConnection().epoch;
    mode = 'forbid';
    await expect(client.appInfo()).rejects.toMatchObject({ code: 'BRIDGE_FORBIDDEN' });
    expect(shellConnection().state).toBe('lost');
    mode = 'up';
    await client.appInfo();
    expect(shellConnection()).toEqual({ state: 'ok', epoch: epoch + 1 });
  });
});
