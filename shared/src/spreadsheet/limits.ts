/**
 * What the importer accepts. A county's real survey workbook has a few hundred rows; the province's largest
 * consolidated list a few tens of thousands. Everything above these is refused with a specific code before work is done.
 */
export interface SpreadsheetLimits {
  /** File size in bytes (TOO_LARGE). */
  maxFileBytes: number;
  /** Data rows in the chosen sheet, header rows not counted (TOO_MANY_ROWS). */
  maxDataRows: number;
  /** Columns in a sheet (TOO_MANY_COLUMNS). */
  maxColumns: number;
  /** Sum of the uncompressed sizes the zip's central directory declares (ZIP_BOMB). */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one zip entry, checked for entries over `ratioCheckFromBytes` (ZIP_BOMB). */
  maxCompressionRatio: number;
  ratioCheckFromBytes: number;
  /** Rows searched from the top of a sheet for the header. */
  headerScanRows: number;
}

export const DEFAULT_LIMITS: SpreadsheetLimits = {
  maxFileBytes: 30 * 1024 * 1024,
  maxDataRows: 50_000,
  maxColumns: 200,
  maxUncompressedBytes: 400 * 1024 * 1024,
  // Sheet XML full of repeated tags compresses about 10–40×; 200× only happens on crafted or padded data.
  maxCompressionRatio: 200,
  ratioCheckFromBytes: 4 * 1024 * 1024,
  headerScanRows: 20,
};

export function withDefaults(limits: Partial<SpreadsheetLimits> = {}): SpreadsheetLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
