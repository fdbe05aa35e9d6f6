/**
 * `pnpm bench`: runs every benchmark suite, one after the other, each in a process of its own (so
 * that the heap and JIT state one suite leaves behind cannot skew the next), and prints one
 * Markdown report. Exits 1 when a target is missed. `pnpm bench <name>` runs the suites whose file
 * name contains `<name>`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const suites = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filter === undefined || file.includes(filter))
  .sort();

console.log(`# genops-ts benchmarks\n\nNode ${process.version}, ${new Date().toISOString()}`);
let failed = 0;
for (const file of suites) {
  // The same flags as this process (the source condition and tsx), a fresh process per suite.
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, join(here, 'run-suite.ts'), file],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status === null || result.status > 1) {
    console.log(`\n${file} did not finish (${result.signal ?? `exit ${result.status}`}).`);
    failed++;
  } else {
    failed += result.status;
  }
}
console.log(failed === 0 ? '\nAll targets met.' : '\nTarget(s) missed (see FAIL above).');
process.exitCode = failed === 0 ? 0 : 1;
