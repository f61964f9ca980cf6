/**
 * This device's sync, assembled: the Dexie store, the bridge-backed signer and transport, Web Locks, and the
 * shared SyncEngine. The 同步 page talks only to this.
 */
import type { DesktopBridge } from '@shared/bridge';
import type { Conflict } from '@shared/change/merge-state';
import { SCHEMA_VERSION } from '@shared/domain/registry';
import { isKnownField } from '@shared/domain';
import { SyncEngine, type ImportReport, type RunOptions, type SyncReport } from '@shared/sync/engine';
import { SyncError } from '@shared/sync/errors';
import type { Lock } from '@shared/sync/ports';
import type { ServerKey } from '@shared/sync/server-keys';
import { summarizeStatus, type SyncStatus } from '@shared/sync/status';
import type { HeldOp } from '@shared/sync/held';
import type { LinkDeskDb } from '../storage/db';
import { scopeOfCertificate } from '@shared/domain/scope';
import type { DeviceCertBody } from '@shared/package';
import { loadDevice } from '../storage/repositories/device';
import { setOfficeFromCertificate } from '../storage/repositories/office-settings';
import { SettingsRepository } from '../storage/repositories/operators';
import { emitChange } from '../storage/repositories/events';
import { BridgeTransport, bridgeSigner } from './bridge-ports';
import { DexieSyncStore } from './dexie-store';
import {
  enrolWithCode,
  fetchServerKeys,
  importCertificateFile,
  writeEnrolmentRequest,
  type EnrolContext,
} from './enrolment';
import { webLocksLock } from './lock';

export interface DeviceSyncOptions {
  db: LinkDeskDb;
  bridge: DesktopBridge;
  lock?: Lock;
  now?: () => number;
  appVersion?: string;
  /** After a re-stamp reset the device clock: drop any cached clock (RecordRepository.forgetDevice). */
  onClockReset?: () => void;
  /** Engine tuning for tests (retry without waiting, small packages). */
  engine?: Partial<Pick<ConstructorParameters<typeof SyncEngine>[0], 'sleep' | 'random' | 'retry' | 'limits'>>;
}

export interface EnrolmentState {
  enrolled: boolean;
  deviceId: string | null;
  county: string | null;
  hasKey: boolean;
  keystore: 'safeStorage' | 'file-dev-only' | 'none';
  serverUrl: string | null;
}

/** Same rule as the repositories' write path. */

export class DeviceSync {
  readonly store: DexieSyncStore;
  readonly transport: BridgeTransport;
  private readonly lock: Lock;
  private readonly now: () => number;

  constructor(private readonly o: DeviceSyncOptions) {
    this.store = new DexieSyncStore(
      o.db,
      { isKnownField },
      (entities) => {
        for (const entity of entities) emitChange({ entity });
      },
      () => o.onClockReset?.(),
    );
    this.transport = new BridgeTransport(o.bridge);
    this.lock = o.lock ?? webLocksLock();
    this.now = o.now ?? Date.now;
  }

  async enrolment(): Promise<EnrolmentState> {
    const [identity, keys, info] = await Promise.all([
      this.store.identity(),
      this.o.bridge.keystoreStatus(),
      this.o.bridge.appInfo(),
    ]);
    return {
      enrolled: identity !== null && keys.certificate !== null,
      deviceId: identity?.deviceId ?? null,
      county: identity?.county ?? null,
      hasKey: keys.key !== null,
      keystore: keys.kind,
      serverUrl: info.serverUrl,
    };
  }

  async enrolWithCode(input: { serverUrl: string; code: string; operator: string }) {
    return this.certified(await enrolWithCode(this.enrolContext(), input));
  }

  writeEnrolmentRequest(input: { county: string; operator: string }) {
    return writeEnrolmentRequest(this.enrolContext(), input);
  }

  async importCertificate(text: string) {
    return this.certified(await importCertificateFile(this.enrolContext(), text));
  }

  /** The office level and scope are the certificate's from now on (设置 shows them and cannot change them). */
  private async certified<T extends DeviceCertBody>(body: T): Promise<T> {
    await setOfficeFromCertificate(new SettingsRepository(this.o.db), scopeOfCertificate(body));
    return body;
  }

  async run(options: RunOptions = {}): Promise<SyncReport> {
    return (await this.engine()).run(options);
  }

  /** The exact bytes of every unacknowledged package (sealing the outbox first), for a USB stick. */
  async exportPending(): Promise<{ seq: number; digest: string; bytes: Uint8Array }[]> {
    return (await this.engine()).exportPendingPackages();
  }

  async importReturn(bytes: Uint8Array): Promise<ImportReport> {
    return (await this.engine()).importReturnPackage(bytes);
  }

  async status(): Promise<SyncStatus> {
    return summarizeStatus(await this.store.counters(), this.now());
  }

  /** 待处理的修改: changes held back (out of scope, or refused by the server), with their reason. */
  heldOps(): Promise<HeldOp[]> {
    return this.store.heldOps();
  }

  /** Discards held changes for good, after the clerk confirmed what is lost. */
  discardHeld(opIds: readonly string[]): Promise<number> {
    return this.lock.withLock('linkdesk-sync', () => this.store.discardHeld(opIds));
  }

  /** Once the cause is fixed: every held change goes back to the outbox and is checked again at the next sync. */
  async retryHeld(): Promise<number> {
    return (await this.engine()).retryHeld();
  }

  conflicts(): Promise<Conflict[]> {
    return this.store.openConflicts();
  }

  rebuildFromOplog(): Promise<number> {
    return this.lock.withLock('linkdesk-sync', () => this.store.rebuildFromOplog());
  }

  private async engine(): Promise<SyncEngine> {
    const [identity, keys] = await Promise.all([this.store.identity(), this.o.bridge.keystoreStatus()]);
    if (!identity || !keys.key) throw new SyncError('NOT_ENROLLED');
    return new SyncEngine({
      store: this.store,
      transport: this.transport,
      lock: this.lock,
      signer: bridgeSigner(this.o.bridge, keys.key),
      serverKeys: () => this.serverKeys(),
      schemaVersion: SCHEMA_VERSION,
      appVersion: this.o.appVersion ?? 'desktop',
      now: this.now,
      ...this.o.engine,
    });
  }

  /** Stored keys; a device enrolled by USB without them fetches them once from the server it syncs with. */
  private async serverKeys(): Promise<ServerKey[]> {
    const stored = await this.store.serverKeys();
    if (stored && stored.length > 0) return stored;
    let fetched: ServerKey[];
    try {
      fetched = await fetchServerKeys(this.transport);
    } catch {
      throw new SyncError('SERVER_KEY_UNKNOWN');
    }
    await this.store.setServerKeys(fetched);
    return fetched;
  }

  private enrolContext(): EnrolContext {
    return {
      bridge: this.o.bridge,
      store: this.store,
      transport: this.transport,
      nodeId: async () => (await loadDevice(this.o.db, this.now)).id,
      now: this.now,
    };
  }
}
