/** One figure of `npm run bench`; floor is the raw-library lower bound measured in the same run. */
export interface BenchEntry {
  name: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
}

export type Bench = () => Promise<BenchEntry[]>;

/** Runs fn `repeat` times and returns the median wall time in milliseconds. */
export async function medianMs(fn: () => unknown | Promise<unknown>, repeat = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function entry(name: string, value: number, unit: string, floor?: number): BenchEntry {
  const e: BenchEntry = { name, value: round(value), unit };
  if (floor !== undefined) {
    e.floor = round(floor);
    e.ratio = floor > 0 ? round(value / floor) : undefined;
  }
  return e;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
