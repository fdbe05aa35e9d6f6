/**
 * Runs one benchmark suite (`bench/<file>`) and prints its reports; exits 1 when one of its
 * targets is missed. Started by `run.ts`, one process per suite.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
if (file === undefined || !file.endsWith('.bench.ts')) {
  console.error('usage: run-suite.ts <name>.bench.ts');
  process.exit(2);
}
const suite = (await import(join(here, file))) as { run: () => Promise<Report[]> };
let failed = 0;
for (const report of await suite.run()) {
  report.print();
  failed += report.checks.filter((check) => !check.pass).length;
}
process.exit(failed === 0 ? 0 : 1);
