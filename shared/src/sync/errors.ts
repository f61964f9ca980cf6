/**
 * What can stop a sync, in stable codes with plain-Chinese text that names the next step.
 * `transient` errors are retried with backoff; the rest stop the sync until a person acts.
 */
import { REASON_MESSAGES, type ReasonCode } from '../package/reasons';

export const SYNC_ERROR_CODES = [
  'NETWORK',
  'SERVER_UNAVAILABLE',
  'RATE_LIMITED',
  'DEVICE_REVOKED',
  'DEVICE_UNKNOWN',
  'OUT_OF_SCOPE',
  'SEQ_FORK',
  'SERVER_BEHIND',
  'REJECTED',
  'TOO_LARGE',
  'BAD_SERVER_SIGNATURE',
  'WRONG_DEVICE',
  'NOT_ENROLLED',
  'SERVER_KEY_UNKNOWN',
  'SERVER_ERROR',
  'CLOCK_AHEAD',
  'ENROL_REFUSED',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export interface PlainText {
  zh: string;
  en: string;
}

const TEXT: Record<SyncErrorCode, PlainText> = {
  NETWORK: {
    zh: '无法连接省级服务器。修改已安全保存在本机。请检查网络后重新同步，或在「U盘报送」中点「导出待上报数据包」。',
    en: 'The provincial server cannot be reached. Your changes are safe on this computer. Check the network and sync again, or click "Export pending changes" under "USB stick".',
  },
  SERVER_UNAVAILABLE: {
    zh: '省级服务器暂时无法处理请求。修改已安全保存在本机，请稍后重新同步。',
    en: 'The provincial server cannot handle the request right now. Your changes are safe; sync again later.',
  },
  RATE_LIMITED: {
    zh: '同步请求过于频繁，服务器要求稍候。请几分钟后重新同步。',
    en: 'Too many sync requests; the server asks you to wait. Sync again in a few minutes.',
  },
  DEVICE_REVOKED: {
    zh: '本设备的注册已被省级管理员吊销，不能再上报数据。已上报的数据不受影响。请联系省级管理员重新注册本设备。',
    en: 'This device was revoked by the provincial administrator and can no longer send data. Data already sent is kept. Contact the administrator to enrol the device again.',
  },
  DEVICE_UNKNOWN: {
    zh: '服务器不认识本设备（可能尚未注册或连接了错误的服务器）。请核对服务器地址，或联系省级管理员注册本设备。',
    en: 'The server does not know this device (not enrolled, or the wrong server). Check the server address or ask the administrator to enrol the device.',
  },
  OUT_OF_SCOPE: {
    zh: '修改中含有不属于本县的记录，服务器拒收。请联系技术支持，导出该包以便核查。',
    en: "The changes include records outside this device's county and were refused. Contact support and export the package for review.",
  },
  SEQ_FORK: {
    zh: '本设备的上报记录与服务器已收到的不一致（可能本设备的密钥被复制到另一台电脑）。请立即停止使用并联系省级管理员。',
    en: 'This device’s history differs from what the server accepted (the key may have been copied to another computer). Stop using it and contact the administrator.',
  },
  SERVER_BEHIND: {
    zh: '服务器缺少它曾确认收到的数据（可能服务器从备份恢复过）。请联系省级管理员；本机数据完整保留。',
    en: 'The server is missing data it had acknowledged (it may have been restored from a backup). Contact the administrator; the data on this computer is kept.',
  },
  REJECTED: {
    zh: '服务器拒收了本设备的修改包。修改包仍保留在本机。请联系技术支持。',
    en: 'The server refused a package from this device. The package is kept on this computer. Contact support.',
  },
  TOO_LARGE: {
    zh: '修改包超过服务器允许的大小。请联系技术支持调整包大小上限。',
    en: 'A package is larger than the server allows. Contact support to align the size limits.',
  },
  BAD_SERVER_SIGNATURE: {
    zh: '收到的回执或返回包签名无效，可能不是省级服务器发出的，已拒绝。请核对服务器地址或文件来源。',
    en: 'A receipt or return package has an invalid signature and may not come from the provincial server. It was refused; check the server address or where the file came from.',
  },
  WRONG_DEVICE: {
    zh: '这个返回包是发给另一台设备的，未导入。请使用为本设备导出的文件。',
    en: 'This return package is addressed to another device and was not imported. Use the file exported for this device.',
  },
  NOT_ENROLLED: {
    zh: '本设备尚未注册，不能同步。请先用注册码注册，或导入省级管理员签发的证书文件。',
    en: 'This device is not enrolled and cannot sync. Enrol it with a code first, or import the certificate file from the administrator.',
  },
  SERVER_KEY_UNKNOWN: {
    zh: '本机没有省级服务器的公钥，无法核验返回数据。请联网同步一次，或重新导入证书文件。',
    en: "This computer does not have the provincial server's public key and cannot check returned data. Sync online once, or import the certificate file again.",
  },
  CLOCK_AHEAD: {
    zh: '本机时间比省级服务器快了很多，服务器暂不接收这些修改。请校正电脑日期时间后重新同步，已录入的数据不会丢失。',
    en: "This computer's clock is far ahead of the provincial server's, so the server does not accept these changes yet. Correct the date and time, then sync again; nothing entered is lost.",
  },
  ENROL_REFUSED: {
    zh: '省级服务器拒绝了本次注册。请核对注册码和区县，或联系省级管理员。',
    en: 'The provincial server refused this enrolment. Check the code and the county, or contact the administrator.',
  },
  SERVER_ERROR: {
    zh: '服务器返回了无法处理的错误。修改已安全保存在本机。请稍后重试，或联系技术支持。',
    en: 'The server answered with an error that cannot be handled. Your changes are safe; try again later or contact support.',
  },
};

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly transient: boolean;
  readonly text: PlainText;
  /** Package reason code (REJECTED), HTTP status, server code and message … for logs and support. */
  readonly detail: Record<string, unknown>;

  constructor(code: SyncErrorCode, detail: Record<string, unknown> = {}, text: PlainText = TEXT[code]) {
    super(`${code}: ${text.zh}`);
    this.name = 'SyncError';
    this.code = code;
    this.transient = code === 'NETWORK' || code === 'SERVER_UNAVAILABLE' || code === 'RATE_LIMITED';
    this.text = text;
    this.detail = detail;
  }
}

export function syncErrorText(code: SyncErrorCode): PlainText {
  return TEXT[code];
}

/** A refusal with a package reason code: the generic text plus what the reason means. */
export function rejectedError(reason: ReasonCode | string, detail: Record<string, unknown> = {}): SyncError {
  const why = (REASON_MESSAGES as Record<string, PlainText | undefined>)[reason];
  const text = why ? { zh: `${why.zh}${TEXT.REJECTED.zh}`, en: `${why.en} ${TEXT.REJECTED.en}` } : TEXT.REJECTED;
  return new SyncError(reason === 'TOO_LARGE' ? 'TOO_LARGE' : 'REJECTED', { reason, ...detail }, text);
}

/**
 * Server codes in either style (`SEQ_GAP` or `seq-gap`) as one upper-snake code, with the provincial server's
 * aliases mapped onto the client's codes.
 */
export function normalizeServerCode(code: unknown): string | undefined {
  if (typeof code !== 'string' || code.length === 0) return undefined;
  const upper = code.toUpperCase().replace(/-/g, '_');
  return SERVER_CODE_ALIASES[upper] ?? upper;
}

const SERVER_CODE_ALIASES: Record<string, string> = {
  COUNTY_SCOPE: 'OUT_OF_SCOPE',
  FORK: 'SEQ_FORK',
  BODY_TOO_LARGE: 'TOO_LARGE',
};

/** Turns an HTTP error answer `{code, message}` into a SyncError (the SEQ_GAP flow control is handled by the transport). */
export function errorFromHttp(
  status: number,
  body: { code?: unknown; message?: unknown } | null,
  retryAfterMs?: number,
): SyncError {
  const serverCode = normalizeServerCode(body?.code);
  // The body's own details (which ops, which county …) travel too: the way out of a refusal reads them (refusal.ts).
  const { code: _code, message: _message, ...rest } = body ?? {};
  const detail: Record<string, unknown> = {
    ...rest,
    status,
    serverCode: body?.code,
    serverMessage: body?.message,
    retryAfterMs,
  };
  if (status === 429) return new SyncError('RATE_LIMITED', detail);
  // Our pull requests carry a fresh id each; a replay refusal means the network delivered one twice: try again.
  if (status === 409 && serverCode === 'PULL_REPLAY') return new SyncError('NETWORK', detail);
  if (status >= 500 || status === 408) return new SyncError('SERVER_UNAVAILABLE', detail);
  if (serverCode === 'CLOCK_AHEAD') {
    const b = body as { serverTime?: unknown; aheadMs?: unknown } | null;
    return clockAheadError({ ...detail, serverTime: b?.serverTime, aheadMs: b?.aheadMs });
  }
  if (
    serverCode === 'DEVICE_REVOKED' ||
    serverCode === 'DEVICE_UNKNOWN' ||
    serverCode === 'OUT_OF_SCOPE' ||
    serverCode === 'SEQ_FORK'
  ) {
    return new SyncError(serverCode, detail);
  }
  if (status === 413 || serverCode === 'TOO_LARGE') return new SyncError('TOO_LARGE', detail);
  if ((status === 400 || status === 403 || status === 422) && serverCode) return rejectedError(serverCode, detail);
  return new SyncError('SERVER_ERROR', detail);
}

/** Rounded, in plain Chinese: 约 1 天 / 约 3 小时 / 约 20 分钟. */
export function roughDurationZh(ms: number): string {
  const m = Math.abs(ms) / 60_000;
  if (m >= 22 * 60) return `约 ${Math.round(m / 1440)} 天`;
  if (m >= 90) return `约 ${Math.round(m / 60)} 小时`;
  return `约 ${Math.max(1, Math.round(m))} 分钟`;
}

/** The server refused ops stamped in its future (`clock-ahead`): the plain message with how far ahead. */
export function clockAheadError(detail: Record<string, unknown>, aheadMs?: number): SyncError {
  const ms = aheadMs ?? (typeof detail.aheadMs === 'number' ? detail.aheadMs : undefined);
  const text =
    ms === undefined
      ? TEXT.CLOCK_AHEAD
      : {
          zh: `本机时间比省级服务器快了${roughDurationZh(ms)}，服务器暂不接收这些修改。请校正电脑日期时间后重新同步，已录入的数据不会丢失。`,
          en: `This computer's clock is about ${Math.round(ms / 60_000)} minutes ahead of the provincial server's, so the server does not accept these changes yet. Correct the date and time, then sync again; nothing entered is lost.`,
        };
  return new SyncError('CLOCK_AHEAD', detail, text);
}
