/**
 * The import pipeline in one call, for the worker and the headless `device import` command:
 * read → detect the mapping (or use the user's) → extract rows → dry-run plan. Stops at the first SpreadsheetError.
 */
import type { EntityName, JsonValue } from '../change/op';
import type { OfficeScope } from '../domain/scope';
import { planImport, type ImportPlan } from './dry-run';
import type { SpreadsheetError } from './errors';
import {
  detectMapping,
  mappingGaps,
  mappingProblems,
  type ColumnMapping,
  type MappingGap,
  type MappingProblem,
} from './header';
import type { ExistingLookup } from './identity';
import type { SpreadsheetLimits } from './limits';
import { readWorkbook } from './read';
import { extractRows, type ImportRow } from './rows';
import type { Workbook } from './workbook';

export type ImportFileResult =
  | {
      ok: true;
      workbook: Workbook;
      mapping: ColumnMapping;
      problems: MappingProblem[];
      /** Fields a draft may lack that no column carries: the rows import as drafts marked 待补全. */
      gaps: MappingGap[];
      rows: ImportRow[];
      plan: ImportPlan;
    }
  | { ok: false; error: SpreadsheetError };

export interface ImportFileInput {
  bytes: Uint8Array;
  fileName: string;
  entity: EntityName;
  existing: ExistingLookup;
  newId: () => string;
  /** Values for fields no column carries, e.g. { county: '130628' }. */
  defaults?: Readonly<Record<string, JsonValue>>;
  /**
   * One value per field for every row, written as a cell would be (「新材料」 for 技术领域): the mapping editor's
   * fill and the CLI's `--set field=value`. A column of the file still wins for a row that has a value.
   */
  fill?: Readonly<Record<string, string>>;
  /** The office's scope: rows of other counties are classified other_county and not imported. */
  scope?: OfficeScope;
  /** The user's corrected mapping; detected when absent. */
  mapping?: ColumnMapping;
  sheet?: string;
  limits?: Partial<SpreadsheetLimits>;
  /** Called between stages (0–1) so a worker can drive a progress bar. */
  onProgress?: (stage: 'read' | 'map' | 'rows' | 'plan', fraction: number) => void;
}

export function importFile(input: ImportFileInput): ImportFileResult {
  input.onProgress?.('read', 0);
  const workbook = readWorkbook(input.bytes, input.fileName, input.limits);
  if (!workbook.ok) return { ok: false, error: workbook };
  input.onProgress?.('map', 0.5);
  const detected =
    input.mapping ??
    detectMapping(workbook, input.entity, {
      ...(input.sheet ? { sheet: input.sheet } : {}),
      ...(input.limits ? { limits: input.limits } : {}),
    });
  const mapping = input.fill ? { ...detected, defaults: { ...detected.defaults, ...input.fill } } : detected;
  const problems = mappingProblems(mapping);
  input.onProgress?.('rows', 0.6);
  const extracted = extractRows(workbook, mapping, input.limits);
  if (!extracted.ok) return { ok: false, error: extracted };
  input.onProgress?.('plan', 0.7);
  const plan = planImport({
    entity: input.entity,
    rows: extracted.rows,
    mapping,
    existing: input.existing,
    fileName: workbook.fileName,
    newId: input.newId,
    ...(input.defaults ? { defaults: input.defaults } : {}),
    ...(input.scope ? { scope: input.scope } : {}),
    date1904: workbook.date1904,
    exampleRows: extracted.exampleRows,
    notices: [...workbook.notices, ...extracted.notices],
  });
  input.onProgress?.('plan', 1);
  return { ok: true, workbook, mapping, problems, gaps: mappingGaps(mapping), rows: extracted.rows, plan };
}
