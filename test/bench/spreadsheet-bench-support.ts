import type { EntityName, JsonValue } from '@shared/change/op';
import type { ImportPlan } from '@shared/spreadsheet';

export { importFile, lookupFromRecords, type ImportPlan } from '@shared/spreadsheet';

/** The records a plan would leave in the database (for the re-import figure). */
export function applyPlanForBench(
  plan: ImportPlan,
): { entity: EntityName; id: string; values: Record<string, JsonValue> }[] {
  return plan.records.map((r) => ({ entity: r.entity, id: r.id, values: { ...r.values } }));
}
