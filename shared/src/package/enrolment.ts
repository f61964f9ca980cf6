/**
 * Enrolment request v1 (`linkdesk.enrolment-request`): a new device's key pair introduces itself, self-signed
 * (proof of possession of the private key). It travels by network or USB to the province, where an administrator
 * approves it and the server answers with a device certificate.
 */
import { type SignatureAlg, type Signer, type Verifier, keyIdFor } from '../crypto/signing';
import { type Rejection, reject } from './reasons';
import {
  type HeaderFields,
  type SignedHeaderBase,
  openDocument,
  sealDocument,
  type Sealed,
  SMALL_DOCUMENT_MAX_BYTES,
} from './signed-document';
import { DIVISION_CODE, UUID, isoTime, isRecord, str } from './shape';
import { checkKeyedBody } from './device-cert';

export const ENROLMENT_FORMAT = 'linkdesk.enrolment-request';

export interface EnrolmentHeader extends SignedHeaderBase {
  format: typeof ENROLMENT_FORMAT;
  version: 1;
}

export interface EnrolmentBody {
  requestId: string;
  device: string;
  county: string;
  alg: SignatureAlg;
  publicKey: string;
  /** The staff member who asked for enrolment on the device. */
  operator: string;
  createdAt: string;
}

export interface EnrolmentRequest {
  header: EnrolmentHeader;
  body: EnrolmentBody;
}

function checkEnrolmentBody(body: unknown): string | null {
  return checkKeyedBody(body, {
    requestId: str(UUID),
    device: str(undefined, 128),
    county: str(DIVISION_CODE),
    operator: str(undefined, 128),
    createdAt: isoTime,
  });
}

/** Signed by the key it enrols; the signer must be that key (alg, public key and standard key id). */
export async function sealEnrolmentRequest(
  body: EnrolmentBody,
  deviceSigner: Signer,
): Promise<Sealed<EnrolmentHeader, EnrolmentBody>> {
  const problem = checkEnrolmentBody(body);
  if (problem) throw new Error(`invalid enrolment request: ${problem}`);
  if (
    deviceSigner.alg !== body.alg ||
    deviceSigner.publicKey !== body.publicKey ||
    deviceSigner.keyId !== keyIdFor(body.alg, body.publicKey)
  ) {
    throw new Error('an enrolment request must be signed by the key it enrols, under its standard key id');
  }
  const fields: HeaderFields<EnrolmentHeader> = { format: ENROLMENT_FORMAT, version: 1 };
  return sealDocument<EnrolmentHeader, EnrolmentBody>(fields, body, deviceSigner);
}

export async function encodeEnrolmentRequest(
  body: EnrolmentBody,
  deviceSigner: Signer,
): Promise<Uint8Array<ArrayBuffer>> {
  return (await sealEnrolmentRequest(body, deviceSigner)).bytes;
}

/** Checks the self-signature. Whether to trust the device is the administrator's decision, not this function's. */
export async function decodeEnrolmentRequest(
  bytes: Uint8Array,
  options: { maxBytes?: number; verifier?: Verifier } = {},
): Promise<{ ok: true; request: EnrolmentRequest; digest: string } | Rejection> {
  let keyProblem: Rejection | null = null;
  const opened = await openDocument(bytes, {
    format: ENROLMENT_FORMAT,
    maxBytes: options.maxBytes ?? SMALL_DOCUMENT_MAX_BYTES,
    verifier: options.verifier,
    resolvePublicKey: ({ keyId, alg, body }) => {
      const problem = checkEnrolmentBody(body);
      if (problem) keyProblem = reject('MALFORMED', problem);
      else if (!isRecord(body) || body.alg !== alg || keyIdFor(alg, body.publicKey as string) !== keyId) {
        keyProblem = reject(
          'KEY_MISMATCH',
          'the request is not signed by the key it enrols (alg or key id differ from the body)',
        );
      }
      return keyProblem ? null : (body as EnrolmentBody).publicKey;
    },
  });
  if (keyProblem) return keyProblem;
  if (!opened.ok) return opened;
  return {
    ok: true,
    request: { header: opened.header as unknown as EnrolmentHeader, body: opened.body as EnrolmentBody },
    digest: opened.digest,
  };
}
