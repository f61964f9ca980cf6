/**
 * Device certificate v1 (`linkdesk.device-cert`): the provincial server vouches that a public key belongs to an
 * enrolled device of a county for a period. Devices carry it; anyone holding the server key can check packages
 * offline with it.
 */
import { EncodingError } from '../crypto/encoding';
import { sm2PublicKeyOnCurve } from '../crypto/sm2';
import { SIGNATURE_ALGS, type SignatureAlg, type Signer, publicKeyBytes } from '../crypto/signing';
import { type Rejection, reject } from './reasons';
import {
  type HeaderFields,
  type SignedHeaderBase,
  openSmallDocument,
  sealDocument,
  type Sealed,
  type SmallDocumentOptions,
} from './signed-document';
import { OFFICE_LEVELS, scopeOfCertificate, type OfficeLevel, type OfficeScope } from '../domain/scope';
import { BASE64URL, DIVISION_CODE, isoTime, object, oneOf, optional, str, type Check } from './shape';

export const DEVICE_CERT_FORMAT = 'linkdesk.device-cert';

export interface DeviceCertHeader extends SignedHeaderBase {
  format: typeof DEVICE_CERT_FORMAT;
  version: 1;
}

export interface DeviceCertBody {
  /** Unique per issued certificate (re-enrolment or key rotation issues a new serial). */
  serial: string;
  device: string;
  county: string;
  alg: SignatureAlg;
  /** base64url device public key (encoding per alg, see crypto/signing.ts). */
  publicKey: string;
  notBefore: string;
  notAfter: string;
  /**
   * The office level and scope the province granted at enrolment (a county office its county, a city office its
   * city, the province the province): the device's authority, read with scopeOfCertificate. A certificate without
   * them (issued before levels) is a county office of `county`.
   */
  level?: OfficeLevel;
  scope?: string;
}

export interface DeviceCert {
  header: DeviceCertHeader;
  body: DeviceCertBody;
}

/** A public key that is well-formed for the algorithm named next to it. */
export const publicKeyFor =
  (algOf: (parent: Record<string, unknown>) => unknown): ((parent: Record<string, unknown>) => Check) =>
  (parent) =>
  (v, path) => {
    const alg = algOf(parent);
    if (typeof v !== 'string' || !BASE64URL.test(v)) return `${path} must be base64url`;
    if (!SIGNATURE_ALGS.includes(alg as SignatureAlg)) return null; // reported on the alg field
    try {
      publicKeyBytes(alg as SignatureAlg, v);
      return alg === 'SM2-SM3' && !sm2PublicKeyOnCurve(v) ? `${path} is not a point on the SM2 curve` : null;
    } catch (e) {
      return `${path}: ${e instanceof EncodingError ? e.message : String(e)}`;
    }
  };

export function checkKeyedBody(body: unknown, fields: Record<string, Check>): string | null {
  const problem = object({ ...fields, alg: oneOf(SIGNATURE_ALGS) })(body, 'body');
  if (problem) return problem;
  const b = body as Record<string, unknown>;
  return publicKeyFor((p) => p.alg)(b)(b.publicKey, 'body.publicKey');
}

function checkCertBody(body: unknown): string | null {
  const problem = checkKeyedBody(body, {
    serial: str(undefined, 128),
    device: str(undefined, 128),
    county: str(DIVISION_CODE),
    notBefore: isoTime,
    notAfter: isoTime,
    level: optional(oneOf(OFFICE_LEVELS)),
    scope: optional(str(/^\d{6}$/)),
  });
  if (problem) return problem;
  const b = body as DeviceCertBody;
  if ((b.level === undefined) !== (b.scope === undefined)) return 'body.level and body.scope go together';
  return b.notBefore < b.notAfter ? null : 'body.notBefore must be earlier than body.notAfter';
}

export async function sealDeviceCert(
  body: DeviceCertBody,
  serverSigner: Signer,
): Promise<Sealed<DeviceCertHeader, DeviceCertBody>> {
  const problem = checkCertBody(body);
  if (problem) throw new Error(`invalid device certificate: ${problem}`);
  const fields: HeaderFields<DeviceCertHeader> = { format: DEVICE_CERT_FORMAT, version: 1 };
  return sealDocument<DeviceCertHeader, DeviceCertBody>(fields, body, serverSigner);
}

export async function encodeDeviceCert(body: DeviceCertBody, serverSigner: Signer): Promise<Uint8Array<ArrayBuffer>> {
  return (await sealDeviceCert(body, serverSigner)).bytes;
}

/** Verifies the server's signature and, when `now` is given, the validity period. */
export async function decodeDeviceCert(
  bytes: Uint8Array,
  options: SmallDocumentOptions & { now?: Date },
): Promise<{ ok: true; cert: DeviceCert; digest: string } | Rejection> {
  const opened = await openSmallDocument(bytes, DEVICE_CERT_FORMAT, options, checkCertBody);
  if (!opened.ok) return opened;
  const body = opened.body as DeviceCertBody;
  if (options.now) {
    const now = options.now.toISOString();
    if (now < body.notBefore) return reject('CERT_NOT_YET_VALID', `valid from ${body.notBefore}, now ${now}`);
    if (now >= body.notAfter) return reject('CERT_EXPIRED', `valid until ${body.notAfter}, now ${now}`);
  }
  return { ok: true, cert: { header: opened.header as unknown as DeviceCertHeader, body }, digest: opened.digest };
}

/**
 * The office scope a stored certificate file grants (the device keeps the server's file as it came). Undefined when
 * there is no certificate or it does not parse: the device then acts as a county office of its own county.
 */
export function scopeOfCertificateFile(file: unknown): OfficeScope | undefined {
  if (typeof file !== 'string') return undefined;
  try {
    const body = (JSON.parse(file) as { body?: Partial<DeviceCertBody> }).body;
    return body && typeof body.county === 'string' ? scopeOfCertificate(body as DeviceCertBody) : undefined;
  } catch {
    return undefined;
  }
}
