/**
 * Excel in and out. Pure: runs in the renderer's worker, the Electron host and the headless device CLI.
 *
 * Import, in order:
 *   readWorkbook(bytes, fileName, limits?)          → Workbook | SpreadsheetError   (read.ts)
 *   detectMapping(workbook, entity, {sheet?})       → ColumnMapping                 (header.ts; the user may correct it
 *   setColumnTarget(mapping, column, target)          and check mappingProblems(mapping))
 *   extractRows(workbook, mapping, limits?)         → ExtractedRows | SpreadsheetError (rows.ts)
 *   planImport({entity, rows, mapping, existing, fileName, newId, …}) → ImportPlan   (dry-run.ts)
 *   planWrites(plan)                                → PlannedWrite[] for the repository write path
 *   errorReportWorkbook(workbook, mapping, plan)    → xlsx bytes of the invalid rows (error-report.ts)
 * importFile() runs the first steps in one call.
 */
export * from './errors';
export * from './limits';
export * from './workbook';
export { readWorkbook } from './read';
export { guardZip } from './zip-guard';
export * from './targets';
export * from './header';
export * from './rows';
export * from './clean';
export * from './identity';
export * from './dry-run';
export * from './error-report';
export * from './write-cells';
export * from './xlsx-zip';
export * from './templates';
export * from './export';
export * from './monthly-report';
export { importFile, type ImportFileResult } from './import-file';
