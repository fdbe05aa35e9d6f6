import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { expectScriptScenarios } from './test-support/expect-script-scenarios.js';
import { SERVER_ANSWER, useModelServers } from './test-support/model-server.js';
import { writeQuickStart } from './test-support/readme-quick-starts.js';
import { useRedisServer } from './test-support/redis.js';
import { runProcess, transcript } from './test-support/run-process.js';
import { bunBinary, denoBinary } from './test-support/runtimes.js';

const app = inject('freshApp');
const servers = useModelServers();
const redis = useRedisServer();

// Bun and Deno run the app's files directly from its node_modules (Deno: `package.json` present,
// so npm packages resolve from node_modules; -A grants what a server app grants).
const runtimes = [
  { name: 'Bun', binary: bunBinary(), run: ['run'] },
  { name: 'Deno', binary: denoBinary(), run: ['run', '-A'] },
];

describe.each(runtimes)('$name', ({ name, binary, run }) => {
  it('runs the AI SDK, LangChain and Redis-ledger scenarios from the packed packages', async () => {
    const keyPrefix = `genops-deploy:${name}:`;
    await expectScriptScenarios(
      {
        command: binary,
        args: [...run, 'node/main.mjs'],
        cwd: app.dir,
        runtime: name,
      },
      {
        servers: servers.current,
        redisURL: redis.current.url,
        redisKeyPrefix: keyPrefix,
      },
    );
  });

  it.each([
    { quickStart: 'ai-sdk', path: '/v1/responses' },
    { quickStart: 'langchain', path: '/v1/chat/completions' },
  ] as const)('runs the README $quickStart quick start unchanged', async ({ quickStart, path }) => {
    const server = servers.current[quickStart];
    const file = writeQuickStart(quickStart, app.dir);
    const ran = await runProcess({
      command: binary,
      args: [...run, file],
      cwd: app.dir,
      // The README's code reads the provider's endpoint and key from the environment.
      env: { OPENAI_API_KEY: 'sk-deploy-test', OPENAI_BASE_URL: server.baseURL },
      timeoutMs: 120_000,
    });
    onTestFailed(() => console.error(`[${name} ${quickStart} quick start] ${transcript(ran)}`));
    expect(ran.exitCode).toBe(0);
    expect(ran.stdout).toContain(SERVER_ANSWER);
    expect(server.requests.map((request) => [request.path, request.body.model])).toEqual([
      [path, 'gpt-4o-mini'],
    ]);
  });
});
