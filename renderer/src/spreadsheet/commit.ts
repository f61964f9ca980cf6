/**
 * Commits an import plan through the repositories' batch write: every entity's planned writes go in ONE Dexie
 * transaction (`saveGroups`: all or nothing across entities), companions (enterprises) before the records
 * pointing at them. Every op carries the source { kind: 'import', file }, so history says 导入自 <file>.
 */
import type { EntityName, JsonValue, OpSource } from '@shared/change/op';
import { planWrites, type ImportPlan } from '@shared/spreadsheet';
import { repos } from '../storage/repositories';

export interface CommitResult {
  /** Records written per entity (created or updated); unchanged ones are not written. */
  written: Partial<Record<EntityName, number>>;
  ops: number;
}

export async function commitPlan(plan: ImportPlan, operator: string): Promise<CommitResult> {
  const source: OpSource = { kind: 'import', file: plan.fileName };
  const byEntity = new Map<EntityName, { recordId: string; changes: Record<string, JsonValue> }[]>();
  for (const w of planWrites(plan)) {
    let list = byEntity.get(w.entity);
    if (!list) byEntity.set(w.entity, (list = []));
    list.push({ recordId: w.recordId, changes: w.values });
  }
  const groups = [...byEntity].map(([entity, items]) => ({ entity, items }));
  const saved = await repos().records.saveGroups(groups, { operator, source });
  const result: CommitResult = { written: {}, ops: 0 };
  groups.forEach(({ entity, items }, i) => {
    result.written[entity] = items.length;
    result.ops += saved[i]!.reduce((n, s) => n + s.ops.length, 0);
  });
  return result;
}
