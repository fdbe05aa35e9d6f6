/**
 * A small benchmark harness: runs a function in batches, reports the median time per call, and
 * compares measurements taken in the same run against targets. No timing assertions live in unit
 * tests; this is where performance targets are checked (`pnpm bench`).
 */

export interface MeasureOptions {
  /** Calls per batch. Default: chosen so a batch takes ~20 ms. */
  batchSize?: number;
  /** Batches measured (the median is reported). Default: 15. */
  batches?: number;
  /** Untimed warm-up calls, at least (warm-up also lasts at least `warmupMs`). Default: 200. */
  warmupCalls?: number;
  /** Minimum warm-up time, so the JIT has optimised the code before timing. Default: 1500 ms. */
  warmupMs?: number;
  /**
   * `cpu` (default) times batches with this process's CPU time (`process.cpuUsage`), which other
   * processes on a loaded machine do not inflate; `wall` uses elapsed time, for anything that waits
   * on I/O (network round trips).
   */
  clock?: 'cpu' | 'wall';
}

export interface Measurement {
  readonly name: string;
  /** Median nanoseconds per call over the batches. */
  readonly medianNs: number;
  readonly batches: number;
  readonly batchSize: number;
}

const now = () => process.hrtime.bigint();
async function warmUp(fn: () => unknown, calls: number, ms: number): Promise<void> {
  const start = now();
  for (let i = 0; i < calls || Number(now() - start) < ms * 1e6; i++) await fn();
}

/** Nanoseconds on the chosen clock. */
function clockNs(clock: 'cpu' | 'wall'): number {
  if (clock === 'wall') return Number(process.hrtime.bigint());
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/** Measures `fn` (sync or async) and returns the median time per call. */
export async function measure(
  name: string,
  fn: () => unknown,
  {
    batches = 15,
    warmupCalls = 200,
    warmupMs = 1500,
    batchSize,
    clock = 'cpu',
  }: MeasureOptions = {},
): Promise<Measurement> {
  await warmUp(fn, warmupCalls, warmupMs);
  let size = batchSize;
  if (size === undefined) {
    const start = now();
    let calls = 0;
    while (Number(now() - start) < 20e6) {
      await fn();
      calls++;
    }
    size = Math.max(1, calls);
  }
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = clockNs(clock);
    for (let i = 0; i < size; i++) await fn();
    samples.push((clockNs(clock) - start) / size);
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    medianNs: samples[Math.floor(samples.length / 2)] as number,
    batches,
    batchSize: size,
  };
}

/**
 * Measures two functions with their batches interleaved (A, B, A, B, …), so that load changes on
 * the machine affect both alike; use it for every ratio target.
 */
export async function measurePair(
  names: readonly [string, string],
  fns: readonly [() => unknown, () => unknown],
  options: MeasureOptions = {},
): Promise<[Measurement, Measurement]> {
  const [first, second] = await measureSet(names, fns, options);
  return [first as Measurement, second as Measurement];
}

/**
 * Measures several functions with their batches interleaved (A, B, C, A, B, C, …), so that load
 * changes and the garbage each leaves behind affect all alike. The batch size is chosen from the
 * last function.
 */
export async function measureSet(
  names: readonly string[],
  fns: readonly (() => unknown)[],
  {
    batches = 15,
    warmupCalls = 200,
    warmupMs = 1500,
    batchSize,
    clock = 'cpu',
  }: MeasureOptions = {},
): Promise<Measurement[]> {
  for (const fn of fns) await warmUp(fn, warmupCalls, warmupMs);
  let size = batchSize;
  if (size === undefined) {
    const last = fns[fns.length - 1] as () => unknown;
    const start = now();
    let calls = 0;
    while (Number(now() - start) < 20e6) {
      await last();
      calls++;
    }
    size = Math.max(1, calls);
  }
  const samples = fns.map(() => [] as number[]);
  for (let b = 0; b < batches; b++) {
    for (let which = 0; which < fns.length; which++) {
      const fn = fns[which] as () => unknown;
      const start = clockNs(clock);
      for (let i = 0; i < size; i++) await fn();
      (samples[which] as number[]).push((clockNs(clock) - start) / size);
    }
  }
  const median = (values: number[]) =>
    values.sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
  const suffix = clock === 'wall' ? ' (wall)' : '';
  return names.map((name, which) => ({
    name: `${name}${suffix}`,
    medianNs: median(samples[which] as number[]),
    batches,
    batchSize: size as number,
  }));
}

export interface Check {
  readonly label: string;
  readonly value: string;
  readonly target: string;
  readonly pass: boolean;
}

/** A section of the benchmark report. */
export class Report {
  readonly measurements: Measurement[] = [];
  readonly checks: Check[] = [];
  readonly notes: string[] = [];

  constructor(readonly title: string) {}

  add(measurement: Measurement): Measurement {
    this.measurements.push(measurement);
    return measurement;
  }

  /** `measured` at most `maxRatio` × `baseline`. */
  ratio(label: string, measured: Measurement, baseline: Measurement, maxRatio: number): void {
    const ratio = measured.medianNs / baseline.medianNs;
    this.checks.push({
      label,
      value: `${ratio.toFixed(2)}×`,
      target: `≤ ${maxRatio}×`,
      pass: ratio <= maxRatio,
    });
  }

  /** `measured` (or a derived duration in ns) at most `maxMicros` µs. */
  atMost(label: string, valueNs: number, maxMicros: number): void {
    this.checks.push({
      label,
      value: `${(valueNs / 1000).toFixed(2)} µs`,
      target: `≤ ${maxMicros} µs`,
      pass: valueNs / 1000 <= maxMicros,
    });
  }

  /** An informational line printed under the tables (no target). */
  note(text: string): void {
    this.notes.push(text);
  }

  /** A free-form check (for throughput and counts). */
  check(label: string, value: string, target: string, pass: boolean): void {
    this.checks.push({ label, value, target, pass });
  }

  print(): void {
    console.log(`\n## ${this.title}\n`);
    console.log('| measurement | median per call (CPU time unless marked wall) |');
    console.log('|---|---|');
    for (const m of this.measurements) console.log(`| ${m.name} | ${formatNs(m.medianNs)} |`);
    if (this.checks.length > 0) {
      console.log('\n| target | measured | limit | |');
      console.log('|---|---|---|---|');
      for (const c of this.checks)
        console.log(`| ${c.label} | ${c.value} | ${c.target} | ${c.pass ? 'PASS' : 'FAIL'} |`);
    }
    for (const note of this.notes) console.log(`\n${note}`);
  }
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}
