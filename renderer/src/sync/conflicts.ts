/** 冲突 review: choosing a value writes a new op through the repositories, based on the winner, which clears it. */
import type { Conflict } from '@shared/change/merge-state';
import type { JsonValue } from '@shared/change/op';
import type { RecordRepository, SaveResult } from '../storage/repositories';

export async function resolveConflict(
  records: RecordRepository,
  conflict: Conflict,
  value: JsonValue,
  operator: string,
): Promise<SaveResult> {
  // The op's base is the current winner's hlc (the repository takes it from the record), which is at least the
  // rival's hlc: the merge then treats both versions as seen and the conflict is gone on every device.
  return records.save(
    conflict.entity,
    conflict.recordId,
    { [conflict.field]: value },
    { operator, rewrite: [conflict.field] },
  );
}
