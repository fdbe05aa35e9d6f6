// Node CommonJS: every package loaded with require() (our packages' CommonJS builds), the scenario
// code itself with import() (it imports nothing).
const { createOpenAI } = require('@ai-sdk/openai');
const { genopsMiddleware } = require('@genops/ai-sdk-middleware');
const core = require('@genops/core');
const { GenOpsCallbackHandler } = require('@genops/langchain-callback');
const { RedisLedger } = require('@genops/redis');
const { ChatPromptTemplate } = require('@langchain/core/prompts');
const { ChatOpenAI } = require('@langchain/openai');
const otel = require('@opentelemetry/sdk-trace');
const ai = require('ai');
const Redis = require('ioredis');

async function main() {
  const { RESULT_MARKER, runScenarios } = await import('../lib/run-scenarios.mjs');
  const input = JSON.parse(process.env.GENOPS_DEPLOY_INPUT ?? '{}');
  const results = await runScenarios({
    input,
    aiSdk: { ai, createOpenAI, core, genopsMiddleware, otel },
    langChain: { core, GenOpsCallbackHandler, ChatPromptTemplate, ChatOpenAI, otel },
    redis: { RedisLedger, Redis: Redis.default ?? Redis },
  });
  console.log(RESULT_MARKER + JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
