import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it, onTestFailed } from 'vitest';
import { expectScriptScenarios } from './test-support/expect-script-scenarios.js';
import { useModelServers } from './test-support/model-server.js';
import { useRedisServer } from './test-support/redis.js';
import { runProcess, transcript } from './test-support/run-process.js';

const app = inject('freshApp');
const servers = useModelServers();
const redis = useRedisServer();
const esbuild = createRequire(import.meta.url).resolve('esbuild/bin/esbuild');
const lambda = mkdtempSync(join(tmpdir(), 'genops-bundle-'));
afterAll(() => rmSync(lambda, { recursive: true, force: true }));

it('a single-file esbuild bundle (--bundle --platform=node) runs from a directory without node_modules', async () => {
  const bundle = join(app.dir, 'dist-bundle', 'index.cjs');
  const build = await runProcess({
    command: esbuild,
    args: [
      'node/main.cjs',
      '--bundle',
      '--platform=node',
      '--target=node20',
      `--outfile=${bundle}`,
      '--log-level=warning',
    ],
    cwd: app.dir,
    timeoutMs: 120_000,
  });
  onTestFailed(() => console.error(`[esbuild] ${transcript(build)}`));
  expect(build.exitCode).toBe(0);
  // A Lambda-style deployment: the bundle alone, nothing else beside it.
  copyFileSync(bundle, join(lambda, 'index.cjs'));

  const keyPrefix = 'genops-deploy:bundle:';
  await expectScriptScenarios(
    {
      command: process.execPath,
      args: ['index.cjs'],
      cwd: lambda,
      runtime: 'esbuild bundle on Node 20',
    },
    {
      servers: servers.current,
      redisURL: redis.current.url,
      redisKeyPrefix: keyPrefix,
    },
  );
});
