/** Failures that cross the bridge carry a stable code; the renderer turns the code into a plain-Chinese message. */

export const BRIDGE_ERROR_CODES = [
  /** An argument or result failed its validator (message names the field). */
  'BRIDGE_BAD_PAYLOAD',
  /** No such method. */
  'BRIDGE_UNKNOWN_METHOD',
  /** The caller is not our app (wrong frame, origin or token). */
  'BRIDGE_FORBIDDEN',
  /** A path lies outside the allowed folders or is not a plain file name. */
  'BRIDGE_PATH_REFUSED',
  /** The file system refused (disk full, permissions, missing folder). */
  'BRIDGE_IO_FAILED',
  /** The host could not be reached (browser shell stopped, network error). */
  'BRIDGE_UNAVAILABLE',
  /** A bug in the host. */
  'BRIDGE_INTERNAL',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export function isBridgeErrorCode(value: unknown): value is BridgeErrorCode {
  return typeof value === 'string' && (BRIDGE_ERROR_CODES as readonly string[]).includes(value);
}

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    readonly detail: string,
  ) {
    // The code leads the message: Electron's contextBridge copies only the message of a rejected error.
    super(`${code}: ${detail}`);
    this.name = 'BridgeError';
  }

  /** Rebuilds a BridgeError from anything thrown across a boundary (keeps the code when the message carries it). */
  static from(error: unknown, fallback: BridgeErrorCode = 'BRIDGE_INTERNAL'): BridgeError {
    if (error instanceof BridgeError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const match = /\b(BRIDGE_[A-Z_]+): ([\s\S]*)$/.exec(message);
    if (match && isBridgeErrorCode(match[1])) return new BridgeError(match[1], match[2] ?? '');
    return new BridgeError(fallback, message);
  }
}
