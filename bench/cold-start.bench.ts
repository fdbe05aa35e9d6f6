/**
 * Cold start, as on serverless: a fresh Node process imports the AI SDK (and GenOps), creates the
 * governor and answers one `generateText` call with a 2 KB prompt (`cold-start/app.mjs`), against
 * the same process without GenOps. The processes run the packages' built `dist` (built first, as
 * a deployed app would have them), alternating variants so that load on the machine hits all alike.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Measurement, Report } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, 'cold-start', 'app.mjs');
const variants = ['bare', 'default', 'tiktoken-eager', 'heuristic'] as const;
type Variant = (typeof variants)[number];
const RUNS = 9;

interface Sample {
  readonly cpuMs: number;
  readonly wallMs: number;
}

function build(): void {
  for (const name of ['genops-core', 'ai-sdk-middleware']) {
    execFileSync(
      process.execPath,
      [join(here, '..', 'node_modules', 'tsup', 'dist', 'cli-default.js')],
      {
        cwd: join(here, '..', 'packages', name),
        stdio: 'ignore',
      },
    );
  }
}

/** One fresh process: no TypeScript loader, no source condition (this process's flags are not passed on). */
function runApp(variant: Variant): Sample {
  const output = execFileSync(process.execPath, [app, variant], { cwd: here, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Sample;
}

const median = (values: number[]) =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function run(): Promise<Report[]> {
  build();
  const samples = new Map<Variant, Sample[]>(variants.map((variant) => [variant, []]));
  for (const variant of variants) runApp(variant); // file-system caches warm for every variant
  for (let i = 0; i < RUNS; i++) {
    for (const variant of variants) samples.get(variant)?.push(runApp(variant));
  }
  const report = new Report(
    'Cold start: fresh process, import + createGovernor + first generateText (2 KB prompt)',
  );
  const wall = (variant: Variant) => median((samples.get(variant) ?? []).map((s) => s.wallMs));
  const cpu = (variant: Variant) => median((samples.get(variant) ?? []).map((s) => s.cpuMs));
  const labels: Record<Variant, string> = {
    bare: 'AI SDK alone (no GenOps)',
    default: 'GenOps, default estimator (gpt-tokenizer, loaded by the first call)',
    'tiktoken-eager': 'GenOps, tiktoken built at createGovernor (the default until this version)',
    heuristic: 'GenOps, heuristic estimator',
  };
  for (const variant of variants) {
    report.add(measurement(`${labels[variant]} (wall)`, wall(variant)));
    report.add(measurement(`${labels[variant]} (CPU)`, cpu(variant)));
  }
  const added = (variant: Variant) => wall(variant) - wall('bare');
  const ratio = added('default') / added('tiktoken-eager');
  report.check(
    'time GenOps adds to a cold start (wall): default ÷ tiktoken built at creation',
    `${ratio.toFixed(2)}× (${added('default').toFixed(0)} vs ${added('tiktoken-eager').toFixed(0)} ms)`,
    '≤ 0.5×',
    ratio <= 0.5,
  );
  report.check(
    'time GenOps adds with the heuristic estimator (wall, reported, no target)',
    `${added('heuristic').toFixed(0)} ms`,
    'none',
    true,
  );
  return [report];
}

function measurement(name: string, ms: number): Measurement {
  return { name, medianNs: ms * 1e6, batches: RUNS, batchSize: 1 };
}
