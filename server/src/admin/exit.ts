import { ApiError } from '../http/errors.js';

/** The admin CLI's exit codes. */
export const EXIT = { ok: 0, other: 1, usage: 2, notFound: 3, rejected: 4 } as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    /** What the command would have printed (e.g. the per-row report of a refused import). */
    readonly report?: { json: unknown; text: string },
  ) {
    super(en);
    this.name = 'CliError';
  }

  static usage(en: string): CliError {
    return new CliError(EXIT.usage, 'usage', `用法错误：${en}`, en);
  }
}

/** ApiError (the same refusals the HTTP API gives) → exit code: 404 not found → 3, other 4xx → 4. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ApiError) {
    const exit = error.status === 404 ? EXIT.notFound : error.status < 500 ? EXIT.rejected : EXIT.other;
    return new CliError(exit, error.code, error.text.zh, error.text.en);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.other, 'failed', `失败：${message}`, message);
}
