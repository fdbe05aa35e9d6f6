/**
 * `pnpm bench`: runs every benchmark suite in one process, one after the other, and prints one
 * Markdown report. Exits 1 when a target is missed. `pnpm bench <name>` runs the suites whose file
 * name contains `<name>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const suites = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filter === undefined || file.includes(filter))
  .sort();

console.log(`# genops-ts benchmarks\n\nNode ${process.version}, ${new Date().toISOString()}`);
let failed = 0;
for (const file of suites) {
  const suite = (await import(join(here, file))) as { run: () => Promise<Report[]> };
  for (const report of await suite.run()) {
    report.print();
    failed += report.checks.filter((check) => !check.pass).length;
  }
}
console.log(failed === 0 ? '\nAll targets met.' : `\n${failed} target(s) missed.`);
process.exitCode = failed === 0 ? 0 : 1;
