// Device certificates and offline enrolment requests (format v1).
// Local format until shared/src/package defines the shared one; the shapes are plain JSON with a detached signature
// over the RFC 8785 canonical form of `body`.
import { canonicalBytes } from '../keys/canonical.js';
import { toBase64url, verifySignature, type SignatureAlg, type Signer } from '../keys/signing.js';

export const CERTIFICATE_TYPE = 'linkdesk/device-certificate';
export const ENROL_REQUEST_TYPE = 'linkdesk/enrol-request';
export const ROTATION_TYPE = 'linkdesk/key-rotation';

export interface DeviceCertificateBody {
  type: typeof CERTIFICATE_TYPE;
  version: 1;
  serial: string;
  deviceId: string;
  county: string;
  operator: string;
  alg: SignatureAlg;
  publicKey: string;
  issuedAt: string;
  issuerKeyId: string;
  issuerAlg: SignatureAlg;
}

export interface Signed<T> {
  body: T;
  /** base64url signature over canonicalize(body). */
  signature: string;
}

export type DeviceCertificate = Signed<DeviceCertificateBody>;

/** Written by a device that cannot reach the server; signed with the device's own key (proof of possession). */
export interface EnrolRequestBody {
  type: typeof ENROL_REQUEST_TYPE;
  version: 1;
  deviceId: string;
  county: string;
  operator: string;
  alg: SignatureAlg;
  publicKey: string;
  createdAt: string;
}

/** A new device key, signed by the device's current key. */
export interface KeyRotationBody {
  type: typeof ROTATION_TYPE;
  version: 1;
  deviceId: string;
  /** Serial of the certificate being replaced. */
  previousSerial: string;
  alg: SignatureAlg;
  publicKey: string;
  createdAt: string;
}

export async function signBody<T>(signer: Signer, body: T): Promise<Signed<T>> {
  return { body, signature: toBase64url(await signer.sign(canonicalBytes(body))) };
}

export function verifyBody<T>(signed: Signed<T>, alg: SignatureAlg, publicKey: string): boolean {
  return typeof signed.signature === 'string' && verifySignature(alg, publicKey, canonicalBytes(signed.body), signed.signature);
}

/** Checks a certificate against the server's public keys (by issuerKeyId). */
export function verifyCertificate(cert: DeviceCertificate, serverKeys: { keyId: string; alg: SignatureAlg; publicKey: string }[]): boolean {
  const issuer = serverKeys.find((k) => k.keyId === cert.body.issuerKeyId);
  return Boolean(issuer) && cert.body.type === CERTIFICATE_TYPE && verifyBody(cert, issuer!.alg, issuer!.publicKey);
}
