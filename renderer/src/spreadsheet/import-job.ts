/**
 * One import planning job: the pure work the worker (or, without Worker support, the page itself) does.
 * Everything in and out is structured-cloneable so it crosses postMessage as it is.
 */
import type { EntityName, JsonValue } from '@shared/change/op';
import type { OfficeScope } from '@shared/domain/scope';
import { uuidv7 } from '@shared/change/uuidv7';
import {
  importFile,
  lookupFromRecords,
  type ColumnMapping,
  type ImportFileResult,
  type SpreadsheetLimits,
} from '@shared/spreadsheet';

/** A live record the planner may match rows against (natural keys, references by name). */
export interface KnownRecord {
  entity: EntityName;
  id: string;
  values: Readonly<Record<string, JsonValue>>;
}

export interface ImportJob {
  bytes: Uint8Array;
  fileName: string;
  entity: EntityName;
  known: readonly KnownRecord[];
  /** The user's corrected mapping; detected when absent. */
  mapping?: ColumnMapping;
  sheet?: string;
  limits?: Partial<SpreadsheetLimits>;
  defaults?: Readonly<Record<string, JsonValue>>;
  /** The office's scope: rows of other counties are listed as other county and not imported. */
  scope?: OfficeScope;
}

export type ImportStage = 'read' | 'map' | 'rows' | 'plan';
export interface ImportProgress {
  stage: ImportStage;
  /** 0–1 over the whole job. */
  fraction: number;
}

export function runImportJob(
  job: ImportJob,
  onProgress: (p: ImportProgress) => void = () => undefined,
): ImportFileResult {
  return importFile({
    bytes: job.bytes,
    fileName: job.fileName,
    entity: job.entity,
    existing: lookupFromRecords(job.known),
    newId: uuidv7,
    ...(job.mapping ? { mapping: job.mapping } : {}),
    ...(job.sheet ? { sheet: job.sheet } : {}),
    ...(job.limits ? { limits: job.limits } : {}),
    ...(job.defaults ? { defaults: job.defaults } : {}),
    ...(job.scope ? { scope: job.scope } : {}),
    onProgress: (stage, fraction) => onProgress({ stage, fraction }),
  });
}

/** Messages between the page and import.worker.ts. */
export type WorkerRequest = { id: number; job: ImportJob };
export type WorkerReply =
  | { id: number; kind: 'progress'; progress: ImportProgress }
  | { id: number; kind: 'done'; result: ImportFileResult }
  | { id: number; kind: 'failed'; message: string };
