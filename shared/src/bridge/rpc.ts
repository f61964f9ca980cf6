/**
 * The wire protocol shared by every transport (Electron IPC, browser-shell HTTP): a call sends the method's
 * validated argument; the host answers with an envelope `{ ok: true, value }` or `{ ok: false, error }`.
 * Envelopes (not thrown errors) cross the transport so the stable error code survives.
 */
import { BRIDGE_METHODS, BRIDGE_METHOD_NAMES, type BridgeMethod, type DesktopBridge, isBridgeMethod } from './contract';
import { BridgeError, type BridgeErrorCode, isBridgeErrorCode } from './errors';
import { BridgePayloadError } from './validators';

export type BridgeEnvelope =
  { ok: true; value: unknown } | { ok: false; error: { code: BridgeErrorCode; message: string } };

/** Sends one call over a transport and resolves with the host's envelope (unchecked: it is validated here). */
export type BridgeCall = (method: BridgeMethod, payload: unknown) => Promise<unknown>;

/**
 * Builds a DesktopBridge on top of a transport. Arguments are validated before sending (a caller bug shows up
 * at the call site), envelopes and results after receiving (a host is never trusted blindly).
 * Returns a plain frozen object with one function per method, which Electron's contextBridge can expose.
 */
export function createRpcBridge(call: BridgeCall): DesktopBridge {
  const bridge: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const method of BRIDGE_METHOD_NAMES) {
    const spec = BRIDGE_METHODS[method] as {
      args: (v: unknown, p: string) => unknown;
      result: (v: unknown, p: string) => unknown;
    };
    bridge[method] = async (args: unknown) => {
      let payload: unknown;
      try {
        payload = spec.args(args, 'args') ?? null;
      } catch (error) {
        throw toBridgeError(error);
      }
      let envelope: unknown;
      try {
        envelope = await call(method, payload);
      } catch (error) {
        throw BridgeError.from(error, 'BRIDGE_UNAVAILABLE');
      }
      const value = openEnvelope(envelope);
      try {
        return spec.result(value, 'result');
      } catch (error) {
        throw toBridgeError(error);
      }
    };
  }
  return Object.freeze(bridge) as unknown as DesktopBridge;
}

/** The host side of every transport: checks the method and argument, runs the handler, checks its result. */
export async function dispatchBridgeCall(
  handlers: DesktopBridge,
  method: unknown,
  payload: unknown,
): Promise<BridgeEnvelope> {
  try {
    if (!isBridgeMethod(method))
      throw new BridgeError('BRIDGE_UNKNOWN_METHOD', `no bridge method ${JSON.stringify(String(method)).slice(0, 80)}`);
    const spec = BRIDGE_METHODS[method] as {
      args: (v: unknown, p: string) => unknown;
      result: (v: unknown, p: string) => unknown;
    };
    const args = spec.args(payload, 'args');
    const handler = handlers[method] as (a: unknown) => Promise<unknown>;
    const value: unknown = await handler(args);
    let checked: unknown;
    try {
      checked = spec.result(value, 'result');
    } catch (error) {
      throw new BridgeError('BRIDGE_INTERNAL', `host returned a bad result: ${(error as Error).message}`);
    }
    return { ok: true, value: checked ?? null };
  } catch (error) {
    const e = toBridgeError(error);
    return { ok: false, error: { code: e.code, message: e.detail } };
  }
}

export function openEnvelope(envelope: unknown): unknown {
  if (typeof envelope !== 'object' || envelope === null)
    throw new BridgeError('BRIDGE_INTERNAL', 'host answered without an envelope');
  const e = envelope as Record<string, unknown>;
  if (e.ok === true && 'value' in e) return e.value;
  if (e.ok === false && typeof e.error === 'object' && e.error !== null) {
    const { code, message } = e.error as Record<string, unknown>;
    throw new BridgeError(
      isBridgeErrorCode(code) ? code : 'BRIDGE_INTERNAL',
      typeof message === 'string' ? message : 'unknown host error',
    );
  }
  throw new BridgeError('BRIDGE_INTERNAL', 'host answered with a malformed envelope');
}

function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  if (error instanceof BridgePayloadError) return new BridgeError('BRIDGE_BAD_PAYLOAD', error.message);
  return BridgeError.from(error);
}
