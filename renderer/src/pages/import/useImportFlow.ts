/**
 * The state of one import: the chosen file and entity, the worker's progress, the dry-run result (mapping,
 * plan), the user's mapping corrections (each re-plans), the commit and the error report.
 */
import type { EntityName } from '@shared/change/op';
import {
  errorReportWorkbook,
  setColumnTarget,
  setFillValue,
  type ColumnTarget,
  type ImportFileResult,
} from '@shared/spreadsheet';
import { useCallback, useRef, useState } from 'react';
import { commitPlan, type CommitResult } from '../../spreadsheet/commit';
import type { ImportProgress } from '../../spreadsheet/import-job';
import { planImportFile } from '../../spreadsheet/import-client';
import { loadKnownRecords } from '../../spreadsheet/known-records';
import { repos } from '../../storage/repositories';

export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

export type Busy = ImportProgress | { stage: 'commit'; fraction: number };

export interface ImportFlow {
  entity: EntityName;
  file: ChosenFile | null;
  busy: Busy | null;
  result: ImportFileResult | null;
  committed: CommitResult | null;
  failure: { kind: 'plan' | 'commit'; message: string } | null;
  setEntity: (entity: EntityName) => Promise<void>;
  choose: (file: ChosenFile) => Promise<void>;
  retarget: (column: number, target: ColumnTarget | null) => Promise<void>;
  /** Fills one value into every row of a field no column carries (null: takes it out again); re-plans. */
  fill: (field: string, value: string | null) => Promise<void>;
  /** The fields the user filled this way (they stay offered after the gap closes, to change or clear). */
  filled: readonly string[];
  commit: (operator: string) => Promise<void>;
  errorReport: () => Uint8Array | null;
}

export function useImportFlow(initialEntity: EntityName): ImportFlow {
  const [entity, setEntityState] = useState<EntityName>(initialEntity);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [result, setResult] = useState<ImportFileResult | null>(null);
  const [committed, setCommitted] = useState<CommitResult | null>(null);
  const [failure, setFailure] = useState<ImportFlow['failure']>(null);
  const [filled, setFilled] = useState<readonly string[]>([]);
  // Only the latest planning run may set the result (a slow earlier run never overwrites a newer mapping).
  const run = useRef(0);

  const plan = useCallback(
    async (
      f: ChosenFile,
      e: EntityName,
      mapping?: Extract<ImportFileResult, { ok: true }>['mapping'],
    ): Promise<void> => {
      const mine = ++run.current;
      setFailure(null);
      setBusy({ stage: 'read', fraction: 0 });
      try {
        const known = await loadKnownRecords();
        // A county office imports its own county's rows: rows without a county are its own, others are listed.
        const scope = await repos().office.scope();
        const county = scope?.level === 'county' ? { defaults: { county: scope.code } } : {};
        const next = await planImportFile(
          {
            bytes: f.bytes,
            fileName: f.name,
            entity: e,
            known,
            ...(mapping ? { mapping } : {}),
            ...(scope ? { scope } : {}),
            ...county,
          },
          (p) => {
            if (run.current === mine) setBusy(p);
          },
        );
        if (run.current === mine) setResult(next);
      } catch (error) {
        if (run.current === mine)
          setFailure({ kind: 'plan', message: error instanceof Error ? error.message : String(error) });
      } finally {
        if (run.current === mine) setBusy(null);
      }
    },
    [],
  );

  const choose = async (f: ChosenFile): Promise<void> => {
    setFile(f);
    setFilled([]);
    setResult(null);
    setCommitted(null);
    await plan(f, entity);
  };
  const setEntity = async (e: EntityName): Promise<void> => {
    setEntityState(e);
    setCommitted(null);
    if (file) await plan(file, e);
  };
  const retarget = async (column: number, target: ColumnTarget | null): Promise<void> => {
    if (!file || !result?.ok) return;
    setCommitted(null);
    await plan(file, entity, setColumnTarget(result.mapping, column, target));
  };
  const fill = async (field: string, value: string | null): Promise<void> => {
    if (!file || !result?.ok) return;
    setCommitted(null);
    setFilled((f) => (f.includes(field) ? f : [...f, field]));
    await plan(file, entity, setFillValue(result.mapping, field, value));
  };
  const commit = async (operator: string): Promise<void> => {
    if (!file || !result?.ok) return;
    setFailure(null);
    setBusy({ stage: 'commit', fraction: 0.9 });
    try {
      const done = await commitPlan(result.plan, operator);
      setCommitted(done);
    } catch (error) {
      setFailure({ kind: 'commit', message: error instanceof Error ? error.message : String(error) });
      setBusy(null);
      return;
    }
    setBusy(null);
    // Planned again against what is stored now: the same file shows no more changes.
    await plan(file, entity, result.mapping);
  };
  const errorReport = (): Uint8Array | null => {
    if (!result?.ok || result.plan.summary.invalid === 0) return null;
    return errorReportWorkbook({
      workbook: result.workbook,
      mapping: result.mapping,
      plan: result.plan,
      rows: result.rows,
    });
  };
  return {
    entity,
    file,
    busy,
    result,
    committed,
    failure,
    setEntity,
    choose,
    retarget,
    fill,
    filled,
    commit,
    errorReport,
  };
}
