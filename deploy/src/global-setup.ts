import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { assertSucceeded, runProcess } from './test-support/run-process.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const templateDir = resolve(import.meta.dirname, '../fresh-app');

/** What the global setup hands the deployment tests (`inject('freshApp')`). */
export interface FreshApp {
  /** The installed application, outside the workspace. */
  readonly dir: string;
  /** The packed tarballs, by package name. */
  readonly tarballs: Readonly<Record<string, string>>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    freshApp: FreshApp;
  }
}

async function step(command: string, args: string[], cwd: string, timeoutMs: number) {
  const run = await runProcess({ command, args, cwd, timeoutMs });
  assertSucceeded(run);
  return run;
}

/** A tarball must carry its build: `prepack` builds dist, so a fresh clone needs no build first. */
async function expectBuiltTarball(name: string, tarball: string) {
  const listing = await step('tar', ['-tzf', tarball], repoRoot, 60_000);
  if (!listing.stdout.split('\n').some((entry) => entry.startsWith('package/dist/'))) {
    throw new Error(`${tarball} (${name}) has no dist/: its package.json needs a prepack build`);
  }
}

/** The packages a user installs: every non-private package under packages/. */
function publishedPackages(): { name: string; dir: string }[] {
  return readdirSync(join(repoRoot, 'packages'))
    .map((entry) => join(repoRoot, 'packages', entry))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name as string, dir }));
}

/**
 * Once per run: packs every package with `pnpm pack`, as it would be published (each package's
 * `prepack` builds its dist, so a fresh clone running only `pnpm install && pnpm test` needs no
 * build first; the pnpmfile strips what only the workspace uses), and installs the tarballs with
 * npm into a copy of deploy/fresh-app in a temporary directory outside the workspace. The directory is removed afterwards unless GENOPS_DEPLOY_KEEP=1.
 */
export default async function setup(project: TestProject) {
  const reused = process.env.GENOPS_DEPLOY_APP;
  if (reused !== undefined && reused !== '') {
    // A developer iterating on one target reuses an app a previous run kept (GENOPS_DEPLOY_KEEP=1).
    console.log(
      `[deploy] reusing the installed app in ${reused} (GENOPS_DEPLOY_APP): nothing rebuilt`,
    );
    project.provide('freshApp', { dir: reused, tarballs: {} });
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'genops-deploy-'));
  const started = Date.now();
  const log = (message: string) =>
    console.log(`[deploy] ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

  const tarballDir = join(root, 'tarballs');
  mkdirSync(tarballDir);
  const tarballs: Record<string, string> = {};
  for (const { name, dir } of publishedPackages()) {
    const run = await step(
      'npx',
      ['-y', 'pnpm@12', 'pack', '--pack-destination', tarballDir],
      dir,
      120_000,
    );
    const file = run.stdout.trim().split('\n').at(-1)?.trim() ?? '';
    if (!file.endsWith('.tgz'))
      throw new Error(`pnpm pack printed no tarball for ${name}:\n${run.stdout}`);
    tarballs[name] = resolve(dir, file);
    await expectBuiltTarball(name, resolve(dir, file));
  }
  log(`packed ${Object.keys(tarballs).join(', ')}`);

  const dir = join(root, 'app');
  cpSync(templateDir, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [name, file] of Object.entries(tarballs)) manifest.dependencies[name] = `file:${file}`;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await step('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir, 900_000);
  log(`installed the fresh app in ${dir}`);

  project.provide('freshApp', { dir, tarballs });
  return () => {
    if (process.env.GENOPS_DEPLOY_KEEP === '1') console.log(`[deploy] kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
}
