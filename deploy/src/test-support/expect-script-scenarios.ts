import { expect } from 'vitest';
import {
  expectAiSdkScenario,
  expectLangChainScenario,
  expectRedisScenario,
} from './expect-scenarios.js';
import type { ModelServers } from './model-server.js';
import { expectLedgerKeys } from './redis.js';
import { type RunScenarioScriptOptions, runScenarioScript } from './run-scenario-script.js';

/** Where a scenario script runs: the model servers and the Redis its ledger writes to. */
export interface ScriptScenarioTargets {
  readonly servers: ModelServers;
  readonly redisURL: string;
  /** Prefix of the Redis ledger's keys, one per test so that tests cannot see each other's keys. */
  readonly redisKeyPrefix: string;
}

/**
 * Runs a scenario script (deploy/fresh-app/node/main.*) with all three scenarios and checks that
 * it ran them as it must: exit code 0, the AI SDK and LangChain scenarios, and the Redis ledger's
 * keys under `redisKeyPrefix`.
 */
export async function expectScriptScenarios(
  script: Pick<RunScenarioScriptOptions, 'command' | 'args' | 'cwd' | 'runtime'>,
  { servers, redisURL, redisKeyPrefix }: ScriptScenarioTargets,
): Promise<void> {
  const { run, results } = await runScenarioScript({
    ...script,
    scenarios: ['ai-sdk', 'langchain', 'redis'],
    baseURLs: servers.baseURLs,
    redisURL,
    redisKeyPrefix,
  });
  expect(run.exitCode).toBe(0);
  expectAiSdkScenario(results['ai-sdk'], servers['ai-sdk']);
  expectLangChainScenario(results.langchain, servers.langchain);
  expectRedisScenario(results.redis, servers.redis);
  await expectLedgerKeys(redisURL, redisKeyPrefix);
}
