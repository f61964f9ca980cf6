// Child process of run.ts: runs one benchmark module and prints its entries on one tagged line.
import { pathToFileURL } from 'node:url';
import type { Bench } from './types';

const file = process.argv[2]!;
const mod = (await import(pathToFileURL(file).href)) as { default: Bench };
const entries = await mod.default();
console.log(`BENCH_RESULT ${JSON.stringify(entries)}`);
process.exit(0);
