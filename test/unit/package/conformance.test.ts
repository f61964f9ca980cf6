// Conformance: the documents' own tables are read from the markdown and compared with the code's constants, so that
// changing a limit, a reason code, a file kind or a status in one place without the other fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize, CanonicalJsonError, MAX_DEPTH } from '@shared/crypto/canonical-json';
import { FORMAT_MAX_BYTES, KNOWN_FORMATS } from '@shared/package/verify';
import { PACKAGE_CONTENT_TYPE, PACKAGE_LIMITS } from '@shared/package/package';
import { REASON_CODES, type ReasonCode } from '@shared/package/reasons';
import { SMALL_DOCUMENT_MAX_BYTES } from '@shared/package/signed-document';
import { DIVISION_CODE, HLC } from '@shared/package/shape';
import { QUARANTINE_LIMITS } from '../../../server/src/ingest/ingest';
import { refusalStatus } from '../../../server/src/ingest/errors';
import { SMALL_BODY_LIMIT } from '../../../server/src/enrol/routes';
import { MIN_RETENTION_DAYS } from '../../../server/src/ingest/quarantine';

const docs = path.join(__dirname, '../../../docs');
const packageFormat = readFileSync(path.join(docs, 'package-format.md'), 'utf8');
const syncProtocol = readFileSync(path.join(docs, 'sync-protocol.md'), 'utf8');

type Table = { header: string[]; rows: string[][] };

/** Every GitHub-style table of a markdown text, cells trimmed. */
function tables(markdown: string): Table[] {
  const found: Table[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !/^\|(\s*:?-+:?\s*\|)+\s*$/.test(lines[i + 1]!)) continue;
    const cells = (line: string) =>
      line
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim());
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith('|'); j++) rows.push(cells(lines[j]!));
    found.push({ header: cells(lines[i]!), rows });
    i = j;
  }
  return found;
}

/** The one table whose header is exactly these columns. */
function table(markdown: string, ...header: string[]): Table {
  const matching = tables(markdown).filter((t) => t.header.join('|') === header.join('|'));
  expect(matching, `a table | ${header.join(' | ')} |`).toHaveLength(1);
  return matching[0]!;
}

/** "4 MiB" → 4194304, "64 KiB" → 65536, "5,000" → 5000, "200" → 200: the first size or number in a cell. */
function quantity(cell: string): number {
  const m = /([\d,]+)\s*(MiB|KiB)?/.exec(cell);
  if (!m) throw new Error(`no quantity in "${cell}"`);
  const n = Number(m[1]!.replace(/,/g, ''));
  return m[2] === 'MiB' ? n * 1024 * 1024 : m[2] === 'KiB' ? n * 1024 : n;
}

const code = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('docs/package-format.md and the code say the same', () => {
  it('lists every file kind the code knows, each with its size limit', () => {
    const kinds = table(packageFormat, 'format', 'signed by', 'limit', 'defined in');
    expect(kinds.rows.map((r) => code(r[0]!)[0])).toEqual([...KNOWN_FORMATS]);
    for (const [format, , limit] of kinds.rows)
      expect(quantity(limit!), format).toBe(FORMAT_MAX_BYTES[code(format!)[0] as (typeof KNOWN_FORMATS)[number]]);
  });

  it('states the limits of PACKAGE_LIMITS, the small documents and the nesting depth', () => {
    const limits = Object.fromEntries(
      table(packageFormat, 'limit', 'default', 'note').rows.map(([name, value]) => [name!, quantity(value!)]),
    );
    expect(limits).toEqual({
      'whole file': PACKAGE_LIMITS.maxBytes,
      'ops per package': PACKAGE_LIMITS.maxOps,
      'inline attachment': PACKAGE_LIMITS.maxInlineAttachmentBytes,
      'receipts, certificates, enrolment requests, pull requests': SMALL_DOCUMENT_MAX_BYTES,
      'JSON nesting depth': MAX_DEPTH,
    });
  });

  it('counts the depth as documented: the header or body value is level 1, 200 levels pass, 201 do not', () => {
    expect(packageFormat).toContain(`at most **${MAX_DEPTH} levels**`);
    const nested = (levels: number): unknown => (levels === 1 ? [] : [nested(levels - 1)]);
    expect(() => canonicalize(nested(MAX_DEPTH))).not.toThrow();
    expect(() => canonicalize(nested(MAX_DEPTH + 1))).toThrow(CanonicalJsonError);
  });

  it('lists exactly the reason codes of REASON_CODES, in order', () => {
    const listed = table(packageFormat, 'code', 'meaning').rows.flatMap((r) => code(r[0]!));
    expect(listed).toEqual([...REASON_CODES]);
  });

  it('names the package content type the server accepts', () => {
    expect(packageFormat).toContain(`HTTP content type \`${PACKAGE_CONTENT_TYPE}\``);
    expect(syncProtocol).toContain(`packages \`${PACKAGE_CONTENT_TYPE}\``);
  });

  it('gives county codes and HLCs the grammar the code checks', () => {
    expect(packageFormat).toContain(
      "`13xxxx` (6 digits, the device's county) or `13` (the province). No other 2-digit code is valid",
    );
    for (const [value, ok] of [
      ['13', true],
      ['130132', true],
      ['11', false],
      ['99', false],
      ['110101', false],
      ['1301', false],
    ] as const)
      expect(DIVISION_CODE.test(value), value).toBe(ok);
    const example = /`(\d{4}-\d{2}-\d{2}T[^`]+)`|; (\d{4}-\d{2}-\d{2}T\S+)/.exec(
      packageFormat.slice(packageFormat.indexOf('hlc      =')),
    );
    expect(HLC.test(example![1] ?? example![2]!)).toBe(true);
  });
});

describe('docs/sync-protocol.md and the server say the same', () => {
  it('answers each reason code with the documented status', () => {
    const rows = table(syncProtocol, 'reason', 'status').rows;
    const documented = (reason: ReasonCode): number => {
      const row = rows.find((r) => code(r[0]!).includes(reason)) ?? rows.find((r) => r[0] === 'any other reason code');
      return Number(row![1]);
    };
    for (const reason of REASON_CODES) expect(refusalStatus(reason), reason).toBe(documented(reason));
  });

  it('states the server limits the code applies', () => {
    const rows = table(syncProtocol, 'what', 'limit', 'beyond it').rows;
    const limit = (what: string) => quantity(rows.find((r) => r[0]!.startsWith(what))![1]!);
    expect(limit('package')).toBe(PACKAGE_LIMITS.maxBytes);
    expect(limit('enrolment request, pull request')).toBe(SMALL_DOCUMENT_MAX_BYTES);
    expect(limit('body of `POST /v1/enrol`')).toBe(SMALL_BODY_LIMIT);
    expect(limit('JSON nesting depth')).toBe(MAX_DEPTH);
  });

  it('states the quarantine bounds the code applies', () => {
    const section = syncProtocol.slice(syncProtocol.indexOf('### The quarantine is bounded'));
    expect(section).toContain(`at most ${QUARANTINE_LIMITS.detailChars.toLocaleString('en')}`);
    expect(section).toContain(`\`head\` (its first ${QUARANTINE_LIMITS.headBytes / 1024} KiB)`);
    expect(section).toContain(`at most ${QUARANTINE_LIMITS.unauthenticatedPerMinute} such rows a minute`);
    expect(section).toContain(`(DAYS ≥ ${MIN_RETENTION_DAYS})`);
  });
});
