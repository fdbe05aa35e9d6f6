/**
 * A serverless function's cold start, run in a fresh Node process by `cold-start.bench.ts`: import
 * the AI SDK (and GenOps), create the governor, answer one `generateText` call with a 2 KB prompt on
 * a mock model. Runs the packages' built `dist` (no TypeScript loader), as a deployed app does.
 * Prints the process's CPU and wall time at the end, in milliseconds since the process started.
 *
 * Variants (argv[2]): `bare` (no GenOps), `default` (createGovernor's defaults),
 * `tiktoken-eager` (the tiktoken estimator, its encoding built at creation), `heuristic`.
 */
import { generateText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

const variant = process.argv[2] ?? 'default';
const usage = {
  inputTokens: { total: 480, noCache: 480, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 12, text: 12, reasoning: 0 },
};
let model = new MockLanguageModelV4({
  provider: 'openai.chat',
  modelId: 'gpt-4o',
  doGenerate: async () => ({
    content: [{ type: 'text', text: 'Your order ships on Friday.' }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage,
    warnings: [],
  }),
});

if (variant !== 'bare') {
  const core = await import('@genops/core');
  const { genopsMiddleware } = await import('@genops/ai-sdk-middleware');
  const options = {
    attribution: { team: 'bench', project: 'cold-start', environment: 'benchmark' },
    budgets: [{ name: 'monthly', limit: 1_000_000, period: 'month' }],
  };
  if (variant === 'tiktoken-eager') {
    const { createTiktokenEstimator } = await import('@genops/core/tiktoken');
    Object.assign(options, { estimator: createTiktokenEstimator(), warmup: ['gpt-4o'] });
  } else if (variant === 'heuristic') {
    Object.assign(options, { estimator: core.createHeuristicEstimator() });
  }
  const governor = core.createGovernor(options);
  model = wrapLanguageModel({ model, middleware: genopsMiddleware({ governor }) });
}

const policy = 'Our bookshop ships from two warehouses. Orders above 40 EUR ship free. ';
const { text } = await generateText({
  model,
  prompt: `Where is my order 48213-B? ${policy.repeat(27)}`.slice(0, 2048),
  maxOutputTokens: 200,
});
if (text === '') throw new Error('no answer');
const { user, system } = process.cpuUsage();
console.log(JSON.stringify({ cpuMs: (user + system) / 1000, wallMs: performance.now() }));
