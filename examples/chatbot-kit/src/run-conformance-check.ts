import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Result of {@link runConformanceCheck}. */
export interface ConformanceCheckRun {
  /** The command line, as a user would type it. */
  readonly command: string;
  /** 0 compliant, 1 non-compliant or partial, 2 unreadable input. */
  readonly exitCode: number;
  /** What the CLI printed. */
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `genops-conformance check` CLI of `@genops/conformance` on telemetry files in a child
 * process — the built CLI when the package has been built, else its TypeScript source through tsx
 * (no build needed in this workspace).
 *
 * @example
 * ```ts
 * const run = await runConformanceCheck(['.genops/demo.otlp.jsonl']);
 * console.log(run.stdout, run.exitCode === 0 ? 'compliant' : 'not compliant');
 * ```
 */
export function runConformanceCheck(files: readonly string[]): Promise<ConformanceCheckRun> {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('@genops/conformance/package.json'));
  const built = join(packageDir, 'dist', 'cli.js');
  const args = existsSync(built)
    ? [built]
    : [
        '--conditions=@genops/source',
        '--import',
        import.meta.resolve('tsx'),
        join(packageDir, 'src', 'cli.ts'),
      ];
  args.push('check', ...files);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolvePromise({
        command: `genops-conformance check ${files.join(' ')}`,
        exitCode: code ?? 2,
        stdout,
        stderr,
      });
    });
  });
}
