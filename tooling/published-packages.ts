import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A workspace package that is published (not `private`), as its manifest says. */
export interface PublishedPackage {
  readonly dir: string;
  readonly manifest: {
    readonly name: string;
    readonly version: string;
    readonly exports: Record<string, unknown>;
    readonly dependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
  };
}

/** Every published package under `packages/`. */
export function publishedPackages(): PublishedPackage[] {
  return readdirSync(join(ROOT, 'packages'))
    .map((name) => join(ROOT, 'packages', name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/**
 * Runs pnpm: the one running this process (`pnpm test` sets `npm_execpath`: a script, or pnpm 12's
 * native executable), else pnpm 12 through npx, as the README's commands do.
 */
export function pnpm(args: readonly string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  const [command, prefix]: [string, string[]] =
    execPath === undefined || !/pnpm/.test(execPath)
      ? ['npx', ['-y', 'pnpm@12']]
      : /\.[cm]?js$/.test(execPath)
        ? [process.execPath, [execPath]]
        : [execPath, []];
  return execFileSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
}
