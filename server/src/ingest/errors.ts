// Why a package was refused: a stable code (also the quarantine reason), a bilingual message, and details.
import { REASON_MESSAGES, type Rejection } from '@shared/package';
import { roughDurationZh } from '@shared/sync';
import { ApiError, type Bilingual } from '../http/errors.js';

export class IngestRejection extends ApiError {
  constructor(
    status: number,
    code: string,
    text: Bilingual,
    detail: Record<string, unknown> = {},
    /** Facts for the quarantine row, when known. */
    readonly facts: { device?: string; seq?: number; digest?: string } = {},
    /** Raised as an alert for people to look at (kept even though the ingest transaction rolls back). */
    readonly alert?: 'fork',
  ) {
    super(status, code, text, detail);
  }
}

/** BAD_SIGNATURE → bad-signature: the shared format's reason, in the API's code style. */
export const kebab = (reason: string): string => reason.toLowerCase().replace(/_/g, '-');

/**
 * The HTTP status of a refused file: 413 for TOO_LARGE, 403 for UNKNOWN_KEY (a question of who signed: the device is
 * unknown, revoked or not on its current key), 400 for everything about the file itself — BAD_SIGNATURE included:
 * the signer is known and the bytes do not verify (damaged or forged), which no retry of the same file can fix.
 * docs/sync-protocol.md, "Status codes", says the same (test/unit/package/conformance.test.ts compares them).
 */
export const FORMAT_REFUSAL_STATUS = { TOO_LARGE: 413, UNKNOWN_KEY: 403, otherwise: 400 } as const;

export const refusalStatus = (reason: Rejection['reason']): number =>
  reason === 'TOO_LARGE' || reason === 'UNKNOWN_KEY' ? FORMAT_REFUSAL_STATUS[reason] : FORMAT_REFUSAL_STATUS.otherwise;

export function fromFormat(rejection: Rejection, facts: IngestRejection['facts'] = {}): IngestRejection {
  const status = refusalStatus(rejection.reason);
  return new IngestRejection(
    status,
    kebab(rejection.reason),
    rejection.message,
    { reason: rejection.reason, detail: rejection.detail },
    facts,
  );
}

type Facts = IngestRejection['facts'];

/** An op stamped further than this in the server's future would win every conflict: the package is refused. */
export const MAX_HLC_AHEAD_MS = 5 * 60_000;

export const ingestErrors = {
  deviceUnknown: (device: string, f: Facts) =>
    new IngestRejection(
      403,
      'device-unknown',
      {
        zh: `设备 ${device} 未在省级平台注册，数据包已拒收。`,
        en: `Device ${device} is not enrolled; the package was refused.`,
      },
      { device },
      f,
    ),
  deviceRevoked: (device: string, f: Facts) =>
    new IngestRejection(
      403,
      'device-revoked',
      {
        zh: `设备 ${device} 已被吊销，此后的数据包一律拒收；之前已接收的数据保留。`,
        en: `Device ${device} has been revoked; its later packages are refused, earlier data stays.`,
      },
      { device },
      f,
    ),
  keyNotCurrent: (device: string, f: Facts) =>
    new IngestRejection(
      403,
      'unknown-key',
      REASON_MESSAGES.UNKNOWN_KEY,
      { device, detail: "the package is not signed with the device's current key" },
      f,
    ),
  wrongKind: (f: Facts) =>
    new IngestRejection(
      400,
      'wrong-kind',
      {
        zh: '这是返回包，不能上传到省级平台。',
        en: 'This is a return package; it cannot be uploaded to the province.',
      },
      {},
      f,
    ),
  countyScope: (deviceCounty: string, found: string, f: Facts) =>
    new IngestRejection(
      403,
      'county-scope',
      {
        zh: `设备属于区县 ${deviceCounty}，只能提交本区县的数据，包内含有 ${found} 的数据。`,
        en: `The device belongs to county ${deviceCounty} and may write only its records; the package holds data of ${found}.`,
      },
      { deviceCounty, found },
      f,
    ),
  provinceOwned: (entity: string, f: Facts) =>
    new IngestRejection(
      403,
      'province-owned',
      {
        zh: `「${entity}」是省级下发的参考数据，区县设备不能修改，数据包已拒收。`,
        en: `${entity} is reference data owned by the province; a county device may not change it. The package was refused.`,
      },
      { entity },
      f,
    ),
  gap: (expectedSeq: number, got: number, f: Facts) =>
    new IngestRejection(
      409,
      'seq-gap',
      {
        zh: `缺少之前的数据包：应先收到第 ${expectedSeq} 号，收到的是第 ${got} 号。请先补传缺少的包。`,
        en: `Earlier packages are missing: expected seq ${expectedSeq}, got ${got}. Send the missing packages first.`,
      },
      { expectedSeq, got },
      f,
    ),
  fork: (seq: number, detail: string, f: Facts) =>
    new IngestRejection(
      409,
      'fork',
      {
        zh: `第 ${seq} 号数据包与已接收的同号数据包内容不同（设备可能被复制），已拒收并报警。`,
        en: `Package seq ${seq} differs from the one already accepted with that seq (a cloned device?); refused and raised as an alert.`,
      },
      { seq, detail },
      f,
      'fork',
    ),
  clockAhead: (aheadMs: number, serverTime: string, at: { opIndex: number; opId: string; hlc: string }, f: Facts) =>
    new IngestRejection(
      422,
      'clock-ahead',
      {
        zh: `本机时间比省级服务器快了${roughDurationZh(aheadMs)}，这些修改暂未接收。请校正电脑日期时间后重新同步，已录入的数据不会丢失。`,
        en: `The device clock is about ${Math.round(aheadMs / 60_000)} minutes ahead of the server's; these changes were not accepted. Correct the date and time and sync again; nothing entered is lost.`,
      },
      { aheadMs, serverTime, maxAheadMs: MAX_HLC_AHEAD_MS, ...at },
      f,
    ),
  opInvalid: (
    problems: { index: number; opId?: unknown; field?: unknown; code: string; message: Bilingual | string }[],
    f: Facts,
  ) =>
    new IngestRejection(
      422,
      'op-invalid',
      {
        zh: '数据包中有不符合规范的修改记录，整个包未导入。',
        en: 'The package holds changes that break the schemas; nothing of it was applied.',
      },
      { problems: problems.slice(0, 20) },
      f,
    ),
};
