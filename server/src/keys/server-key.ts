// The server's signing key, kept in the database so every instance signs certificates and receipts with the same
// key; created on first start. Its private key never leaves the server.
import { createSigner, generateKeyPair, keyIdFor, type SignatureAlg, type Signer } from '@shared/crypto';
import type { Pool } from '../db/pool.js';

export interface ServerPublicKey {
  keyId: string;
  alg: SignatureAlg;
  publicKey: string;
  current: boolean;
  createdAt: string;
}

export class ServerKeyring {
  private signer: Promise<Signer> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly alg: SignatureAlg = 'Ed25519',
  ) {}

  /** The current signing key; created when there is none yet (concurrent starts agree on one). */
  current(): Promise<Signer> {
    this.signer ??= this.loadOrCreate().catch((error: unknown) => {
      this.signer = undefined;
      throw error;
    });
    return this.signer;
  }

  private async loadOrCreate(): Promise<Signer> {
    const existing = await this.selectCurrent();
    if (existing) return existing;
    const pair = await generateKeyPair(this.alg);
    await this.pool.query(
      `INSERT INTO server_keys (id, alg, public_key, private_key) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [keyIdFor(pair.alg, pair.publicKey), pair.alg, pair.publicKey, pair.privateKey],
    );
    const created = await this.selectCurrent();
    if (!created) throw new Error('server key could not be created');
    return created;
  }

  private async selectCurrent(): Promise<Signer | undefined> {
    const { rows } = await this.pool.query<{ id: string; alg: SignatureAlg; public_key: string; private_key: string }>(
      'SELECT id, alg, public_key, private_key FROM server_keys WHERE retired_at IS NULL',
    );
    const row = rows[0];
    return row
      ? createSigner({ alg: row.alg, publicKey: row.public_key, privateKey: row.private_key }, row.id)
      : undefined;
  }

  /** Every key the server has signed with, newest first, so clients can check old certificates and receipts. */
  async publicKeys(): Promise<ServerPublicKey[]> {
    await this.current();
    const { rows } = await this.pool.query<{
      id: string;
      alg: SignatureAlg;
      public_key: string;
      retired_at: Date | null;
      created_at: Date;
    }>('SELECT id, alg, public_key, retired_at, created_at FROM server_keys ORDER BY created_at DESC');
    return rows.map((r) => ({
      keyId: r.id,
      alg: r.alg,
      publicKey: r.public_key,
      current: r.retired_at === null,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Resolver for shared/src/package decoders: a server key by its id. */
  async publicKeyById(keyId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ public_key: string }>('SELECT public_key FROM server_keys WHERE id = $1', [
      keyId,
    ]);
    return rows[0]?.public_key ?? null;
  }
}
