import type { Rejection } from '@shared/package';
import { ApiError } from '../http/errors.js';
import { refusalStatus } from '../ingest/errors.js';

export const enrolErrors = {
  codeUnknown: () =>
    new ApiError(403, 'enrol-code-unknown', {
      zh: '注册码无效，请向省级管理员索取新的注册码。',
      en: 'Unknown enrolment code; ask the province for a new one.',
    }),
  codeExpired: (expiresAt: string) =>
    new ApiError(
      403,
      'enrol-code-expired',
      {
        zh: '注册码已过期，请向省级管理员索取新的注册码。',
        en: 'The enrolment code has expired; ask the province for a new one.',
      },
      { expiresAt },
    ),
  codeUsed: () =>
    new ApiError(409, 'enrol-code-used', {
      zh: '注册码已被使用过，每个注册码只能用一次。',
      en: 'The enrolment code has already been used; each code works once.',
    }),
  countyMismatch: (codeCounty: string, requested: string) =>
    new ApiError(
      403,
      'county-mismatch',
      {
        zh: `注册码属于区县 ${codeCounty}，不能用于 ${requested}。`,
        en: `The code belongs to county ${codeCounty}, not ${requested}.`,
      },
      { codeCounty, requested },
    ),
  countyUnknown: (county: string) =>
    new ApiError(
      400,
      'county-unknown',
      { zh: `${county} 不是河北省的县级行政区划代码。`, en: `${county} is not a Hebei county-level division code.` },
      { county },
    ),
  invalidPublicKey: () =>
    new ApiError(400, 'invalid-public-key', { zh: '设备公钥格式不对。', en: 'The device public key is malformed.' }),
  unsupportedAlg: (alg: unknown) =>
    new ApiError(400, 'unsupported-alg', {
      zh: `不支持的签名算法：${String(alg)}。`,
      en: `Unsupported signature algorithm: ${String(alg)}.`,
    }),
  deviceExists: (deviceId: string) =>
    new ApiError(
      409,
      'device-exists',
      { zh: `设备 ${deviceId} 已经注册过。`, en: `Device ${deviceId} is already enrolled.` },
      { deviceId },
    ),
  deviceUnknown: (deviceId: string) =>
    new ApiError(
      404,
      'device-unknown',
      { zh: `没有登记过设备 ${deviceId}。`, en: `Device ${deviceId} is not enrolled.` },
      { deviceId },
    ),
  deviceRevoked: (deviceId: string) =>
    new ApiError(
      403,
      'device-revoked',
      { zh: `设备 ${deviceId} 已被吊销。`, en: `Device ${deviceId} has been revoked.` },
      { deviceId },
    ),
  badSignature: () =>
    new ApiError(400, 'bad-signature', { zh: '签名校验失败。', en: 'The signature does not verify.' }),
  /** A signed file refused by the shared decoder: its reason code and bilingual message, as the package format defines. */
  fileRefused: (rejection: Rejection) =>
    new ApiError(refusalStatus(rejection.reason), 'file-refused', rejection.message, {
      reason: rejection.reason,
      detail: rejection.detail,
    }),
  requestMissing: () =>
    new ApiError(400, 'enrol-request-missing', {
      zh: '缺少本机签名的注册申请，请升级客户端后重试。',
      en: 'The signed enrolment request is missing; update the client and try again.',
    }),
  /** A flat field says something else than the signed request: the request is what gets certified, never the flat field. */
  requestMismatch: (field: string) =>
    new ApiError(
      400,
      'enrol-request-mismatch',
      {
        zh: `注册信息与本机签名的注册申请不一致（${field}），已拒绝。`,
        en: `The enrolment fields disagree with the signed request (${field}); refused.`,
      },
      { field },
    ),
  requestInvalid: (en: string) =>
    new ApiError(400, 'enrol-request-invalid', {
      zh: `注册申请文件不完整或格式不对：${en}`,
      en: `The enrolment request is incomplete or malformed: ${en}`,
    }),
};
