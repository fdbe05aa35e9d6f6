// Node, Bun and Deno (and the esbuild single-file bundle): the scenarios as an ESM script.
// Input: the GENOPS_DEPLOY_INPUT environment variable (JSON); output: one result line on stdout.
import { RedisLedger } from '@genops/redis';
import Redis from 'ioredis';
import { aiSdkModules } from '../lib/ai-sdk-modules.mjs';
import { langChainModules } from '../lib/langchain-modules.mjs';
import { RESULT_MARKER, runScenarios } from '../lib/run-scenarios.mjs';

const input = JSON.parse(process.env.GENOPS_DEPLOY_INPUT ?? '{}');
const results = await runScenarios({
  input,
  aiSdk: aiSdkModules,
  langChain: langChainModules,
  redis: { RedisLedger, Redis },
});
console.log(RESULT_MARKER + JSON.stringify(results));
