/**
 * Why a signed LinkDesk file was refused. Codes are stable API (logs, receipts, the admin CLI, the UI);
 * the messages are what a county clerk reads, so they say what happened and what to do.
 */
export const REASON_CODES = [
  'TOO_LARGE',
  'MALFORMED',
  'UNKNOWN_FORMAT',
  'UNSUPPORTED_VERSION',
  'NON_CANONICAL',
  'UNKNOWN_ALG',
  'DIGEST_MISMATCH',
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'COUNT_MISMATCH',
  'ATTACHMENT_MISMATCH',
  'OP_DEVICE_MISMATCH',
  'KEY_MISMATCH',
  'CERT_NOT_YET_VALID',
  'CERT_EXPIRED',
  // The server's authority over the content (server/src/ingest/authority.ts): each names the offending ops.
  'STATUS_NOT_ALLOWED',
  'STATUS_REASON_REQUIRED',
  'BAD_TEXT',
  'RECORD_INVALID',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReasonMessage {
  zh: string;
  en: string;
}

export const REASON_MESSAGES: Readonly<Record<ReasonCode, ReasonMessage>> = {
  TOO_LARGE: {
    zh: '文件超过允许的大小，未读取。请让发送方分成多个包重新导出。',
    en: 'The file is larger than allowed and was not read. Ask the sender to export it as several smaller packages.',
  },
  MALFORMED: {
    zh: '文件内容已损坏或不是 LinkDesk 文件（无法解析）。',
    en: 'The file is damaged or is not a LinkDesk file (it cannot be parsed).',
  },
  UNKNOWN_FORMAT: { zh: '这不是本系统能识别的文件类型。', en: 'This is not a kind of file this system recognises.' },
  UNSUPPORTED_VERSION: {
    zh: '文件由更新版本的软件生成，请先升级本软件。',
    en: 'The file was made by a newer version of the software; please update first.',
  },
  NON_CANONICAL: {
    zh: '文件在生成后被改动过（格式不一致），已拒收。',
    en: 'The file was altered after it was made (its layout is not canonical) and was refused.',
  },
  UNKNOWN_ALG: {
    zh: '文件使用了不支持的签名或摘要算法。',
    en: 'The file uses a signature or digest algorithm that is not supported.',
  },
  DIGEST_MISMATCH: {
    zh: '文件内容与其摘要不符，可能在传输中损坏或被篡改。',
    en: 'The file content does not match its digest: it was damaged in transit or tampered with.',
  },
  UNKNOWN_KEY: {
    zh: '找不到签名设备的公钥：该设备可能未注册或已被吊销。',
    en: 'The signing key is unknown: the device may not be enrolled or may have been revoked.',
  },
  BAD_SIGNATURE: {
    zh: '签名无效：文件不是由所称的设备签发，或已被篡改。',
    en: 'The signature is invalid: the file was not signed by the stated key, or it was tampered with.',
  },
  COUNT_MISMATCH: {
    zh: '文件声明的条目数与实际内容不符。',
    en: 'The counts stated in the file do not match its content.',
  },
  ATTACHMENT_MISMATCH: {
    zh: '附件内容与其登记的哈希或大小不符。',
    en: 'An attachment does not match its recorded hash or size.',
  },
  OP_DEVICE_MISMATCH: {
    zh: '包内含有不属于发送设备的修改记录。',
    en: 'The package contains changes that were not made by the sending device.',
  },
  KEY_MISMATCH: {
    zh: '签名密钥与文件中声明的公钥或算法不一致。',
    en: 'The signing key does not match the public key or algorithm stated in the file.',
  },
  CERT_NOT_YET_VALID: {
    zh: '设备证书尚未生效，请检查电脑时间。',
    en: 'The device certificate is not valid yet; check the computer clock.',
  },
  CERT_EXPIRED: {
    zh: '设备证书已过期，请重新注册设备。',
    en: 'The device certificate has expired; enrol the device again.',
  },
  STATUS_NOT_ALLOWED: {
    zh: '包内有本单位层级无权做的需求状态变更（按设备证书中的单位层级核对），整个包未导入。请撤回这些状态变更后重新同步。',
    en: "The package moves a demand's status in a way this office's level (in its certificate) may not; nothing was applied. Hold back those status changes and sync again.",
  },
  STATUS_REASON_REQUIRED: {
    zh: '包内有退回或关闭需求的变更没有填写审核意见，整个包未导入。请补填审核意见或撤回该变更后重新同步。',
    en: 'The package returns or closes a demand without a review note; nothing was applied. Add the note or hold back that change, then sync again.',
  },
  BAD_TEXT: {
    zh: '包内有文字含无法保存的字符（如空字符或残缺的字符），整个包未导入。请修改相应记录后重新同步。',
    en: 'The package holds text with characters that cannot be stored (NUL or a broken character); nothing was applied. Correct those records and sync again.',
  },
  RECORD_INVALID: {
    zh: '包内有记录不符合整条记录的规则（所属县不在本单位范围、乡镇不属于该县，或已核实的需求缺少必填项），整个包未导入。请修改相应记录后重新同步。',
    en: "The package holds records that break the record rules (a county outside the office's scope, a township of another county, or a verified demand missing required fields); nothing was applied. Correct those records and sync again.",
  },
};

export interface Rejection {
  ok: false;
  reason: ReasonCode;
  /** Technical detail for logs and the admin CLI (English, may name fields and positions). */
  detail: string;
  message: ReasonMessage;
}

export function reject(reason: ReasonCode, detail: string): Rejection {
  return { ok: false, reason, detail, message: REASON_MESSAGES[reason] };
}
