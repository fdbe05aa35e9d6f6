import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  expectAiSdkScenario,
  expectLangChainScenario,
  expectRedisScenario,
} from './test-support/expect-scenarios.js';
import { useModelServers } from './test-support/model-server.js';
import { expectLedgerKeys, useRedisServer } from './test-support/redis.js';
import { runScenarioScript } from './test-support/run-scenario-script.js';
import { nodeBinary } from './test-support/runtimes.js';

const app = inject('freshApp');
const servers = useModelServers();
const redis = useRedisServer();

// Node 20 is the Node that runs the tests (the machine's); 22 and 24 come from npm packages.
const nodes = [
  { name: 'Node 20', binary: process.execPath, major: 20 },
  { name: 'Node 22', binary: nodeBinary(22), major: 22 },
  { name: 'Node 24', binary: nodeBinary(24), major: 24 },
];

describe.each(nodes)('$name', ({ name, binary, major }) => {
  it.each([
    { format: 'ESM', script: 'node/main.mjs' },
    { format: 'CommonJS', script: 'node/main.cjs' },
  ])(
    '$format: AI SDK, LangChain and the Redis ledger from the packed packages',
    async ({ format, script }) => {
      const keyPrefix = `genops-deploy:node${major}:${format}:`;
      const { run, results } = await runScenarioScript({
        command: binary,
        args: [join(app.dir, script)],
        cwd: app.dir,
        runtime: `${name} ${format}`,
        scenarios: ['ai-sdk', 'langchain', 'redis'],
        baseURLs: servers.current.baseURLs,
        redisURL: redis.current.url,
        redisKeyPrefix: keyPrefix,
      });
      expect(run.exitCode).toBe(0);
      expectAiSdkScenario(results['ai-sdk'], servers.current['ai-sdk']);
      expectLangChainScenario(results.langchain, servers.current.langchain);
      expectRedisScenario(results.redis, servers.current.redis);
      await expectLedgerKeys(redis.current.url, keyPrefix);
    },
  );
});
