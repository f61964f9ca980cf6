/** Staff members who use this device (kept in Dexie) and the settings (language, current operator). */
import type { JsonValue } from '@shared/change/op';
import type { LinkDeskDb } from '../db';
import type { OperatorRow } from '../rows';
import { emitChange } from './events';

export type AddOperatorResult = { ok: true; operator: OperatorRow } | { ok: false; reason: 'EMPTY' | 'EXISTS' };

export class OperatorRepository {
  constructor(private readonly db: LinkDeskDb) {}

  async list(): Promise<OperatorRow[]> {
    return this.db.operators.orderBy('name').toArray();
  }

  async add(rawName: string): Promise<AddOperatorResult> {
    const name = rawName.trim().replace(/\s+/g, ' ');
    if (name === '') return { ok: false, reason: 'EMPTY' };
    const added = await this.db.transaction('rw', this.db.operators, async () => {
      if (await this.db.operators.get(name)) return null;
      const row: OperatorRow = { name, createdAt: new Date().toISOString() };
      await this.db.operators.add(row);
      return row;
    });
    if (!added) return { ok: false, reason: 'EXISTS' };
    emitChange({ entity: 'operators' });
    return { ok: true, operator: added };
  }
}

export class SettingsRepository {
  constructor(private readonly db: LinkDeskDb) {}

  async get(key: string): Promise<JsonValue | undefined> {
    return (await this.db.settings.get(key))?.value;
  }

  async set(key: string, value: JsonValue): Promise<void> {
    await this.db.settings.put({ key, value });
    emitChange({ entity: 'settings' });
  }

  async lastSync(): Promise<string | null> {
    const v = (await this.db.meta.get('lastSync'))?.value;
    return typeof v === 'string' ? v : null;
  }
}
