// The preload exposes exactly one object, `linkdesk`, whose methods invoke the bridge channels.
import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_METHOD_NAMES, channelFor } from '@shared/bridge';

const exposed = vi.hoisted(() => new Map<string, unknown>());
const invoked = vi.hoisted(() => [] as unknown[][]);

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, value: null };
    },
  },
}));

await import('../../../electron/src/preload/preload');

describe('preload', () => {
  it('exposes only window.linkdesk, with one function per bridge method', () => {
    expect([...exposed.keys()]).toEqual(['linkdesk']);
    const api = exposed.get('linkdesk') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...BRIDGE_METHOD_NAMES].sort());
    for (const m of BRIDGE_METHOD_NAMES) expect(typeof api[m]).toBe('function');
  });

  it('sends a validated payload on the method channel', async () => {
    const api = exposed.get('linkdesk') as {
      openFile(a: unknown): Promise<unknown>;
      saveFile(a: unknown): Promise<unknown>;
    };
    await expect(api.openFile({ accept: ['.xlsx'] })).resolves.toBeNull();
    expect(invoked).toEqual([[channelFor('openFile'), { accept: ['.xlsx'] }]]);
    await expect(
      api.saveFile({ suggestedName: '/etc/passwd', mime: 'text/plain', dataBase64: '' }),
    ).rejects.toMatchObject({ code: 'BRIDGE_BAD_PAYLOAD' });
    expect(invoked).toHaveLength(1);
  });
});
