// Every error response: { code, message: { zh, en }, ...detail }. The code is stable; clients switch on it.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/pool.js';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ErrorBody {
  code: string;
  message: Bilingual;
  [detail: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(text.en);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { code: this.code, message: this.text, ...this.detail };
  }
}

export const errors = {
  notFound: () => new ApiError(404, 'not-found', { zh: '没有这个地址。', en: 'No such endpoint.' }),
  unauthorized: () => new ApiError(401, 'unauthorized', { zh: '需要管理员令牌。', en: 'An admin token is required.' }),
  bodyTooLarge: (limit: number) =>
    new ApiError(
      413,
      'body-too-large',
      { zh: `提交的内容太大（上限 ${limit} 字节）。`, en: `The request body is too large (limit ${limit} bytes).` },
      { limit },
    ),
  malformedJson: () =>
    new ApiError(400, 'malformed-json', {
      zh: '提交的内容不是有效的 JSON。',
      en: 'The request body is not valid JSON.',
    }),
  unsupportedMediaType: () =>
    new ApiError(415, 'unsupported-media-type', {
      zh: '不支持这种内容类型。',
      en: 'This content type is not supported.',
    }),
  invalidRequest: (en: string) =>
    new ApiError(400, 'invalid-request', {
      zh: `请求内容不完整或格式不对：${en}`,
      en: `The request is incomplete or malformed: ${en}`,
    }),
  invalidUrl: () =>
    new ApiError(400, 'invalid-url', {
      zh: '请求地址的编码不正确。',
      en: 'The request URL is not validly encoded.',
    }),
  rateLimited: () =>
    new ApiError(429, 'rate-limited', { zh: '请求太频繁，请稍后再试。', en: 'Too many requests; try again shortly.' }),
  databaseUnavailable: () =>
    new ApiError(503, 'database-unavailable', {
      zh: '数据库暂时不可用，请稍后再试。',
      en: 'The database is unavailable right now; try again shortly.',
    }),
  internal: () =>
    new ApiError(500, 'internal', { zh: '服务器内部错误，已记录。', en: 'Internal server error; it has been logged.' }),
};

/** Maps anything thrown in a route to a stable error body. */
export function toApiError(error: unknown, bodyLimit: number): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as Partial<FastifyError> & { statusCode?: number };
  switch (e.code) {
    case 'FST_ERR_BAD_URL':
      return errors.invalidUrl();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.bodyTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.malformedJson();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType();
  }
  if (e.statusCode === 429) return errors.rateLimited();
  if (e.validation) return errors.invalidRequest(e.message ?? 'invalid');
  if (error instanceof SyntaxError && e.statusCode === 400) return errors.malformedJson();
  if (isDatabaseUnavailable(error)) return errors.databaseUnavailable();
  // Fastify's own 4xx (a bad URL, a bad header, an unsupported method): a client error, never a 500.
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 && typeof e.code === 'string')
    return errors.invalidRequest(e.code);
  return errors.internal();
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.status(error.status).send(error.body());
}

/** Fastify's router errors (a path id that is not valid percent-encoded UTF-8) answered in the same shape. */
export function frameworkErrors(error: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  void sendError(reply, toApiError(error, 0));
}

export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error, bodyLimit);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: apiError.code }, 'request refused');
    return sendError(reply, apiError);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, errors.notFound()));
}
