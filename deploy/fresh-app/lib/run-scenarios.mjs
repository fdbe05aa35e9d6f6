import { createAiSdkApp } from './ai-sdk-scenario.mjs';
import { createLangChainApp } from './langchain-scenario.mjs';
import { runRedisScenario } from './redis-scenario.mjs';

/**
 * Runs the scenarios a test asked for (`input.scenarios`) and returns their results by name.
 * A scenario that throws is reported as `{ error }` so the test can print what happened.
 */
export async function runScenarios({ input, aiSdk, langChain, redis }) {
  const results = {};
  const attempt = async (name, run) => {
    try {
      results[name] = await run();
    } catch (error) {
      results[name] = { error: { message: String(error?.message ?? error), stack: error?.stack } };
    }
  };
  // Each scenario talks to a model server of its own, so a test sees exactly its requests.
  const { baseURLs, runtime } = input;
  if (input.scenarios.includes('ai-sdk')) {
    await attempt('ai-sdk', async () => {
      const app = createAiSdkApp(aiSdk);
      const result = await app.run({ baseURL: baseURLs['ai-sdk'], runtime });
      await app.governor.shutdown();
      return result;
    });
  }
  if (input.scenarios.includes('langchain')) {
    await attempt('langchain', async () => {
      const app = createLangChainApp(langChain);
      const result = await app.run({ baseURL: baseURLs.langchain, runtime });
      await app.governor.shutdown();
      return result;
    });
  }
  if (input.scenarios.includes('redis')) {
    await attempt('redis', () =>
      runRedisScenario(
        { ...aiSdk, ...redis },
        {
          baseURL: baseURLs.redis,
          runtime,
          redisURL: input.redisURL,
          keyPrefix: input.redisKeyPrefix,
        },
      ),
    );
  }
  return results;
}

/** How a script entry hands its results to the test: one line, after anything else it printed. */
export const RESULT_MARKER = 'GENOPS_DEPLOY_RESULT ';
