import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type AiSdkResult,
  expectAiSdkScenario,
  expectLangChainScenario,
  type LangChainResult,
} from './test-support/expect-scenarios.js';
import { freePort } from './test-support/free-port.js';
import { useModelServers } from './test-support/model-server.js';
import { assertSucceeded, runProcess } from './test-support/run-process.js';
import { type ServerProcess, startServerProcess } from './test-support/server-process.js';

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

async function getRoute(server: ServerProcess, route: string, baseURL?: string) {
  const query = new URLSearchParams({ runtime: `next ${route}`, ...(baseURL ? { baseURL } : {}) });
  const response = await fetch(`${server.url}/api/${route}?${query}`);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new Error(
      `/api/${route} answered ${response.status} with:\n${text.slice(0, 2_000)}\n--- server output\n${server.output().slice(-6_000)}`,
    );
  }
}

/** The Node.js routes, against whichever build and server `current()` returns. */
function nodeRouteTests(current: () => ServerProcess) {
  it('Node.js route: AI SDK generateText, streamText and a refusal', async () => {
    const { body } = await getRoute(current(), 'ai-sdk', servers.current.baseURLs['ai-sdk']);
    expectAiSdkScenario(body as unknown as AiSdkResult, servers.current['ai-sdk']);
  });

  it('Node.js route: LangChain GenOpsCallbackHandler', async () => {
    const { body } = await getRoute(current(), 'langchain', servers.current.baseURLs.langchain);
    expectLangChainScenario(body as unknown as LangChainResult, servers.current.langchain);
  });
}

/** The Edge routes (`export const runtime = 'edge'`). */
function edgeRouteTests(current: () => ServerProcess) {
  it("Edge route (runtime = 'edge'): AI SDK generateText, streamText and a refusal", async () => {
    const { body } = await getRoute(current(), 'edge-ai-sdk', servers.current.baseURLs['ai-sdk']);
    expectAiSdkScenario(body as unknown as AiSdkResult, servers.current['ai-sdk']);
  });

  it("Edge route (runtime = 'edge'): LangChain GenOpsCallbackHandler", async () => {
    const { body } = await getRoute(
      current(),
      'edge-langchain',
      servers.current.baseURLs.langchain,
    );
    expectLangChainScenario(body as unknown as LangChainResult, servers.current.langchain);
  });

  it("Edge route (runtime = 'edge'): the Redis ledger refuses with a GenOpsConfigError", async () => {
    const { body } = await getRoute(current(), 'edge-redis');
    expect(body).toMatchObject({
      thrown: true,
      isGenOpsConfigError: true,
      message: expect.stringMatching(/TCP/),
    });
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
  const current = () => {
    if (server === undefined) throw new Error('next start did not start');
    return server;
  };
  nodeRouteTests(current);
  edgeRouteTests(current);
});

describe("Next.js 16: next build --webpack, output: 'standalone' moved to another directory", () => {
  let server: ServerProcess | undefined;
  const moved = mkdtempSync(join(tmpdir(), 'genops-standalone-'));
  const appModules = join(app.dir, 'node_modules');
  const hiddenModules = join(app.dir, 'node_modules.hidden');
  beforeAll(async () => {
    writeFileSync(nextConfig, "export default { output: 'standalone' };\n");
    await nextBuild(['--webpack']);
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
    rmSync(moved, { recursive: true, force: true });
  });
  nodeRouteTests(() => {
    if (server === undefined) throw new Error('the standalone server did not start');
    return server;
  });
  edgeRouteTests(() => {
    if (server === undefined) throw new Error('the standalone server did not start');
    return server;
  });
});
