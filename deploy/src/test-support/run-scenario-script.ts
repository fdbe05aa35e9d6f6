import { onTestFailed } from 'vitest';
import type { AiSdkResult, LangChainResult, RedisResult } from './expect-scenarios.js';
import { type ProcessRun, runProcess, transcript } from './run-process.js';

/** The scenarios deploy/fresh-app/lib/run-scenarios.js knows. */
export type ScenarioName = 'ai-sdk' | 'langchain' | 'redis';

/** Results by scenario, as a script printed them. */
export interface ScenarioResults {
  readonly 'ai-sdk'?: AiSdkResult;
  readonly langchain?: LangChainResult;
  readonly redis?: RedisResult;
}

/** Options of {@link runScenarioScript}. */
export interface RunScenarioScriptOptions {
  /** The runtime binary and its arguments (the script path among them). */
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly runtime: string;
  readonly scenarios: readonly ScenarioName[];
  readonly baseURLs: Record<ScenarioName, string>;
  readonly redisURL?: string;
  readonly redisKeyPrefix?: string;
  readonly timeoutMs?: number;
}

const RESULT_MARKER = 'GENOPS_DEPLOY_RESULT ';

/**
 * Runs a scenario script (deploy/fresh-app/node/main.*) in a runtime and returns what it printed
 * on its result line. If the test then fails, its output shows the command and everything the
 * script printed.
 */
export async function runScenarioScript(
  options: RunScenarioScriptOptions,
): Promise<{ run: ProcessRun; results: ScenarioResults }> {
  const { command, args, cwd, runtime, scenarios, baseURLs, redisURL, redisKeyPrefix } = options;
  const input = { runtime, scenarios, baseURLs, redisURL, redisKeyPrefix };
  const run = await runProcess({
    command,
    args,
    cwd,
    env: { GENOPS_DEPLOY_INPUT: JSON.stringify(input) },
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  onTestFailed(() => {
    console.error(`[${runtime}] ${transcript(run)}`);
  });
  const line = run.stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER));
  if (line === undefined)
    throw new Error(`[${runtime}] printed no result line:\n${transcript(run)}`);
  return { run, results: JSON.parse(line.slice(RESULT_MARKER.length)) as ScenarioResults };
}
