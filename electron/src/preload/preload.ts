// Sandboxed preload, bundled into one file (dist/electron/preload.cjs): a sandboxed preload can require only
// 'electron'. It exposes exactly one thing, `window.linkdesk`, the desktop bridge over IPC.
import { contextBridge, ipcRenderer } from 'electron';
import { channelFor, createRpcBridge } from '@shared/bridge';

contextBridge.exposeInMainWorld(
  'linkdesk',
  createRpcBridge((method, payload) => ipcRenderer.invoke(channelFor(method), payload)),
);
