/**
 * Every bridge IPC goes through one wrapper: the channel must be a bridge channel, the sender must be the main
 * frame of a window showing our own index.html, and the payload must pass the contract's validators
 * (dispatchBridgeCall). Refusals answer an envelope with a stable code; nothing of the host runs.
 */
import { type IpcMain, type IpcMainInvokeEvent } from 'electron';
import {
  BRIDGE_METHOD_NAMES,
  type BridgeEnvelope,
  type DesktopBridge,
  channelFor,
  dispatchBridgeCall,
  methodForChannel,
} from '@shared/bridge';

/** True only for the top frame of a page loaded from our app's index.html (file://…/dist/renderer/index.html). */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  appIndexUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  const expected = new URL(appIndexUrl);
  return (
    url.protocol === 'file:' &&
    expected.protocol === 'file:' &&
    url.host === expected.host &&
    url.pathname === expected.pathname
  );
}

export async function handleBridgeInvoke(
  services: DesktopBridge,
  appIndexUrl: string,
  channel: string,
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  payload: unknown,
): Promise<BridgeEnvelope> {
  const method = methodForChannel(channel);
  if (method === null) return refuse('BRIDGE_UNKNOWN_METHOD', `unknown channel ${channel.slice(0, 80)}`);
  if (!isTrustedSender(event, appIndexUrl))
    return refuse('BRIDGE_FORBIDDEN', 'the sender is not the main frame of the app page');
  return dispatchBridgeCall(services, method, payload);
}

export function registerBridgeIpc(ipcMain: IpcMain, services: DesktopBridge, appIndexUrl: string): void {
  for (const method of BRIDGE_METHOD_NAMES) {
    const channel = channelFor(method);
    ipcMain.handle(channel, (event, payload: unknown) =>
      handleBridgeInvoke(services, appIndexUrl, channel, event, payload),
    );
  }
}

function refuse(code: 'BRIDGE_UNKNOWN_METHOD' | 'BRIDGE_FORBIDDEN', message: string): BridgeEnvelope {
  console.warn(`[linkdesk] bridge call refused: ${code}: ${message}`);
  return { ok: false, error: { code, message } };
}
