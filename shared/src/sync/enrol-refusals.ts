/**
 * The enrolment client's messages: one plain message with the next step per server code of POST /v1/enrol
 * (server/src/enrol/errors.ts), mapped by code — never by the server's English text — for the 同步 page and the
 * device CLI alike. A code this client does not know keeps the server's own words.
 */
import { SyncError, type PlainText } from './errors';

export const ENROL_REFUSAL_TEXT: Readonly<Record<string, PlainText>> = {
  'enrol-code-unknown': {
    zh: '注册码不正确（可能输错了）。请核对注册码，或向省级管理员索取新的注册码。',
    en: 'The enrolment code is not valid (perhaps mistyped). Check it, or ask the provincial administrator for a new one.',
  },
  'enrol-code-expired': {
    zh: '注册码已过期。请向省级管理员索取新的注册码后重新注册。',
    en: 'The enrolment code has expired. Ask the provincial administrator for a new code and enrol again.',
  },
  'enrol-code-used': {
    zh: '这个注册码已经用过了，每个注册码只能用一次。请向省级管理员索取新的注册码。',
    en: 'This enrolment code was already used; each code works once. Ask the provincial administrator for a new one.',
  },
  'county-mismatch': {
    zh: '注册码是为另一个区县签发的，不能用于本设备所填的区县。请核对区县，或索取本区县的注册码。',
    en: "The code was issued for another county than this device's. Check the county, or ask for a code for yours.",
  },
  'county-unknown': {
    zh: '所填的区县代码不是河北省的县级行政区划代码。请核对后重试。',
    en: 'The county code is not a Hebei county-level division. Check it and try again.',
  },
  'invalid-public-key': {
    zh: '本机设备密钥无法被服务器识别。请联系技术支持（可能需要重新生成设备密钥）。',
    en: "The server cannot read this device's key. Contact support (the device key may need to be made again).",
  },
  'unsupported-alg': {
    zh: '服务器不支持本机的签名算法。请升级软件，或联系技术支持。',
    en: "The server does not support this device's signature algorithm. Update the software or contact support.",
  },
  'scope-invalid': {
    zh: '注册码所定的单位层级与范围不成立（例如县级单位却填了市的代码）。请省级管理员核对后重新签发注册码。',
    en: "The code's office level and scope do not fit together (e.g. a county office with a city's code). Ask the provincial administrator to issue it again.",
  },
  'alg-not-allowed': {
    zh: '此注册码要求的签名算法与本机密钥不同。请重新注册：本机会按注册码要求的算法生成密钥；仍不行请联系技术支持。',
    en: "The code requires another signature algorithm than this device's key. Enrol again: the app makes a key of the required algorithm; if it still fails, contact support.",
  },
  'device-exists': {
    zh: '本设备已经注册过。如需重新注册，请请省级管理员先吊销旧的注册，再用新的注册码注册；本机未上报的修改会保留。',
    en: 'This device is already enrolled. To enrol again, ask the administrator to revoke the old enrolment first, then use a new code; unsent changes on this computer are kept.',
  },
  'device-unknown': {
    zh: '服务器没有本设备的注册记录。请使用注册码重新注册。',
    en: 'The server has no enrolment for this device. Enrol with a code.',
  },
  'device-revoked': {
    zh: '本设备的注册已被吊销。请向省级管理员索取新的注册码重新注册；本机未上报的修改会保留。',
    en: 'This device was revoked. Ask the administrator for a new code and enrol again; unsent changes are kept.',
  },
  'bad-signature': {
    zh: '注册申请的签名无法核验，已被拒绝。请重新生成注册申请后再试。',
    en: 'The enrolment request signature does not verify. Make the request again and retry.',
  },
  'file-refused': {
    zh: '注册申请文件无效（损坏或被改动）。请重新生成注册申请文件。',
    en: 'The enrolment request file is invalid (damaged or altered). Make it again.',
  },
  'enrol-request-missing': {
    zh: '缺少本机签名的注册申请。请升级本软件后重新注册。',
    en: 'The signed enrolment request is missing. Update the software and enrol again.',
  },
  'enrol-request-mismatch': {
    zh: '注册信息与本机签名的注册申请不一致，已被拒绝。请重新注册。',
    en: 'The enrolment details do not match the signed request and were refused. Enrol again.',
  },
  'enrol-request-invalid': {
    zh: '注册申请不完整或格式不对。请重新生成注册申请。',
    en: 'The enrolment request is incomplete or malformed. Make it again.',
  },
};

/** A refusal of an enrolment as the client shows it: ENROL_REFUSED with the message for the server's code. */
export function enrolRefusal(error: unknown): unknown {
  if (!(error instanceof SyncError) || error.transient) return error;
  const code =
    typeof error.detail.serverCode === 'string' ? error.detail.serverCode.toLowerCase().replace(/_/g, '-') : '';
  const text = ENROL_REFUSAL_TEXT[code] ?? serverWords(error.detail.serverMessage);
  return text ? new SyncError('ENROL_REFUSED', { ...error.detail, enrolCode: code }, text) : error;
}

function serverWords(message: unknown): PlainText | undefined {
  const m = message as Partial<PlainText> | null | undefined;
  return m && typeof m.zh === 'string' && typeof m.en === 'string' ? { zh: m.zh, en: m.en } : undefined;
}
