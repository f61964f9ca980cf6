/** The worked example of docs/package-format.md: deterministic (Ed25519 with the RFC 8032 TEST 1 key). */
import { createSigner } from '@shared/crypto/software-keys';
import { type SealedPackage, sealPackage } from '@shared/package/package';
import { RFC8032_TEST1 } from './keys';

export async function workedExample(): Promise<SealedPackage> {
  const signer = await createSigner(RFC8032_TEST1);
  return sealPackage(
    {
      header: {
        kind: 'changes',
        packageId: '019ad0c4-5e2b-7c3a-9d41-2f6b8e0a1c37',
        county: '130132',
        device: 'dev-130132-01',
        seq: 1,
        prevDigest: null,
        cursor: null,
        createdAt: '2026-11-28T20:30:00.000Z',
        schemaVersion: 1,
        appVersion: '0.1.0',
      },
      body: {
        ops: [
          {
            opId: '019ad0c4-5e2b-7c3a-9d41-2f6b8e0a1c38',
            entity: 'demand',
            recordId: '019ad0c4-1111-7222-8333-444455556666',
            field: 'title',
            value: '秸秆利用',
            hlc: '2026-11-28T20:29:58.123Z-0000-3f9c2b1e8d7a6c54',
            baseHlc: null,
            device: 'dev-130132-01',
            operator: '李梅',
            county: '130132',
            schemaVersion: 1,
          },
        ],
        attachments: [],
      },
    },
    signer,
  );
}
