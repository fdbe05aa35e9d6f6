import { join } from 'node:path';
import { afterAll, beforeAll, describe, inject, onTestFailed } from 'vitest';
import { freePort } from './test-support/free-port.js';
import { useModelServers } from './test-support/model-server.js';
import { runProcess, transcript } from './test-support/run-process.js';
import { nodeBinary, wranglerScript } from './test-support/runtimes.js';
import { type ServerProcess, startServerProcess } from './test-support/server-process.js';
import { webScenarioTests } from './test-support/web-scenario-tests.js';

const app = inject('freshApp');
const servers = useModelServers();
const node22 = nodeBinary(22);
const wrangler = wranglerScript();

// wrangler runs offline: no metrics, no `Request.cf` download (a placeholder is used instead),
// its logs in the app rather than the user's home.
const wranglerEnv = {
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_LOG_PATH: join(app.dir, '.wrangler', 'logs'),
};
// The Worker's configuration, on the command line: no wrangler.toml, no `nodejs_compat` flag.
const workerOptions = [
  'workers/index.mjs',
  '--name',
  'genops-deploy',
  '--compatibility-date',
  '2026-07-01',
];

let worker: ServerProcess | undefined;

/**
 * Once for the file: bundles the Worker as `wrangler deploy` would (`--dry-run`: a bundler error
 * fails here, fast, with wrangler's message), then serves it with `wrangler dev` in real workerd
 * (the binary ships in the `@cloudflare/workerd-linux-64` package) on a loopback port.
 */
beforeAll(async () => {
  const bundle = await runProcess({
    command: node22,
    args: [
      wrangler,
      'deploy',
      ...workerOptions,
      '--dry-run',
      '--outdir',
      join(app.dir, 'dist-workers'),
    ],
    cwd: app.dir,
    env: wranglerEnv,
    timeoutMs: 180_000,
  });
  if (bundle.exitCode !== 0)
    throw new Error(`wrangler could not bundle the Worker:\n${transcript(bundle)}`);

  const [port, inspectorPort] = [await freePort(), await freePort()];
  worker = await startServerProcess({
    command: node22,
    args: [
      wrangler,
      'dev',
      ...workerOptions,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
    ],
    cwd: app.dir,
    env: wranglerEnv,
    url: `http://127.0.0.1:${port}`,
    readyPath: '/',
    startTimeoutMs: 120_000,
  });
});
afterAll(async () => {
  await worker?.stop();
});

async function requestWorker(route: string, query: Record<string, string>) {
  const started = worker;
  if (started === undefined) throw new Error('wrangler dev did not start');
  onTestFailed(() => console.error(`[wrangler dev] ${started.output()}`));
  const response = await fetch(`${started.url}${route}?${new URLSearchParams(query)}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Cloudflare Workers (wrangler dev, workerd, no nodejs_compat)', () => {
  webScenarioTests({
    label: 'Worker',
    scenarios: ['ai-sdk', 'langchain', 'redis-without-tcp'],
    servers,
    request: (scenario, query) => requestWorker(`/${scenario}`, { ...query, runtime: 'workerd' }),
  });
});
