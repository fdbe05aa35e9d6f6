import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { freePort } from './test-support/free-port.js';
import { useModelServers } from './test-support/model-server.js';
import { assertSucceeded, runProcess } from './test-support/run-process.js';
import { type ServerProcess, startServerProcess } from './test-support/server-process.js';
import { webScenarioTests } from './test-support/web-scenario-tests.js';

// Next.js 16, App Router, route handlers in deploy/fresh-app/app/api/* (an app shaped like
// create-next-app's: no "type": "module" in package.json. With it, Next.js 16.4.6's webpack build
// fails on any `runtime = 'edge'` route, even one importing nothing: "ENOENT …
// route_client-reference-manifest.js"; Turbopack builds it.): `ai-sdk` and `langchain`
// on the Node.js runtime, `edge-*` with `export const runtime = 'edge'`. Each governor is created
// at module scope, so `next build` evaluates it while collecting page data.
const app = inject('freshApp');
const servers = useModelServers();
const next = join(app.dir, 'node_modules', 'next', 'dist', 'bin', 'next');
const nextEnv = { NEXT_TELEMETRY_DISABLED: '1' };
const nextConfig = join(app.dir, 'next.config.mjs');

async function nextBuild(args: string[]) {
  rmSync(join(app.dir, '.next'), { recursive: true, force: true });
  const run = await runProcess({
    command: process.execPath,
    args: [next, 'build', ...args],
    cwd: app.dir,
    env: nextEnv,
    timeoutMs: 600_000,
  });
  assertSucceeded(run);
}

async function getRoute(server: ServerProcess, route: string, query: Record<string, string>) {
  const search = new URLSearchParams({ ...query, runtime: `next ${route}` });
  const response = await fetch(`${server.url}/api/${route}?${search}`);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new Error(
      `/api/${route} answered ${response.status} with:\n${text.slice(0, 2_000)}\n--- server output\n${server.output().slice(-6_000)}`,
    );
  }
}

/** The Node.js routes and the Edge routes, against whichever build `current()` serves. */
function routeTests(current: () => ServerProcess | undefined) {
  const request = (route: string) => async (query: Record<string, string>) => {
    const server = current();
    if (server === undefined) throw new Error('the Next.js server did not start');
    return getRoute(server, route, query);
  };
  // app/api/ai-sdk and app/api/langchain: named after their scenario.
  webScenarioTests({
    label: 'Node.js route',
    scenarios: ['ai-sdk', 'langchain'],
    servers,
    request: (scenario, query) => request(scenario)(query),
  });
  const edgeRoutes = {
    'ai-sdk': 'edge-ai-sdk',
    langchain: 'edge-langchain',
    'redis-without-tcp': 'edge-redis',
  } as const;
  webScenarioTests({
    label: "Edge route (runtime = 'edge')",
    scenarios: ['ai-sdk', 'langchain', 'redis-without-tcp'],
    servers,
    request: (scenario, query) => request(edgeRoutes[scenario])(query),
  });
}

describe('Next.js 16: next build (Turbopack, no next.config), next start', () => {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    rmSync(nextConfig, { force: true });
    await nextBuild([]);
    const port = await freePort();
    server = await startServerProcess({
      command: process.execPath,
      args: [next, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
      cwd: app.dir,
      env: nextEnv,
      url: `http://127.0.0.1:${port}`,
      readyPath: '/',
      startTimeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await server?.stop();
  });
  routeTests(() => server);
});

describe("Next.js 16: next build --webpack, output: 'standalone' moved to another directory", () => {
  let server: ServerProcess | undefined;
  let moved = '';
  const appModules = join(app.dir, 'node_modules');
  const hiddenModules = join(app.dir, 'node_modules.hidden');
  beforeAll(async () => {
    writeFileSync(nextConfig, "export default { output: 'standalone' };\n");
    await nextBuild(['--webpack']);
    moved = mkdtempSync(join(tmpdir(), 'genops-standalone-'));
    // What a Docker image does: copy the standalone output elsewhere; the build's node_modules is
    // gone (hidden here, so that nothing in the bundle can still reach it by its old path).
    cpSync(join(app.dir, '.next', 'standalone'), moved, { recursive: true });
    cpSync(join(app.dir, '.next', 'static'), join(moved, '.next', 'static'), { recursive: true });
    renameSync(appModules, hiddenModules);
    const port = await freePort();
    server = await startServerProcess({
      command: process.execPath,
      args: ['server.js'],
      cwd: moved,
      env: { ...nextEnv, PORT: String(port), HOSTNAME: '127.0.0.1' },
      url: `http://127.0.0.1:${port}`,
      readyPath: '/',
      startTimeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await server?.stop();
    if (existsSync(hiddenModules)) renameSync(hiddenModules, appModules);
    rmSync(nextConfig, { force: true });
    if (moved !== '') rmSync(moved, { recursive: true, force: true });
  });
  routeTests(() => server);
});
