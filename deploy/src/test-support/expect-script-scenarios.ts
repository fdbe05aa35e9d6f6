import { expect } from 'vitest';
import {
  expectAiSdkScenario,
  expectLangChainScenario,
  expectRedisScenario,
} from './expect-scenarios.js';
import type { ModelServers } from './model-server.js';
import { expectLedgerKeys } from './redis.js';
import type { ProcessRun } from './run-process.js';
import type { ScenarioResults } from './run-scenario-script.js';

/**
 * A scenario script (deploy/fresh-app/node/main.*) ran all three scenarios as it must: exit code 0,
 * the AI SDK and LangChain scenarios, and the Redis ledger's keys under `redisKeyPrefix`.
 */
export async function expectScriptScenarios(
  { run, results }: { run: ProcessRun; results: ScenarioResults },
  {
    servers,
    redisURL,
    redisKeyPrefix,
  }: { servers: ModelServers; redisURL: string; redisKeyPrefix: string },
): Promise<void> {
  expect(run.exitCode).toBe(0);
  expectAiSdkScenario(results['ai-sdk'], servers['ai-sdk']);
  expectLangChainScenario(results.langchain, servers.langchain);
  expectRedisScenario(results.redis, servers.redis);
  await expectLedgerKeys(redisURL, redisKeyPrefix);
}
