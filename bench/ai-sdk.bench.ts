import { genopsMiddleware } from '@genops/ai-sdk-middleware';
import { type AwuRequest, createGovernor } from '@genops/core';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  generateText,
  type LanguageModelMiddleware,
  type ModelMessage,
  streamText,
  wrapLanguageModel,
} from 'ai';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { measurePair, Report } from './harness.js';
import { createBatchTracerProvider } from './otel.js';

/**
 * Vercel AI SDK 7: `generateText` / `streamText` on a mock model wrapped by a no-op middleware vs
 * wrapped by `genopsMiddleware` (in-memory ledger, OpenTelemetry SDK 3 with a batch processor and
 * an AsyncLocalStorage context manager, as in production). The prompt is the second turn of a chat
 * whose 2 KB history was already counted once, so its token count comes from the cache; what
 * counting an unseen 2 KB prompt adds is reported separately.
 */

const usage = {
  inputTokens: { total: 560, noCache: 560, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 24, text: 24, reasoning: 0 },
};
const answer =
  'The atlas ships separately from our second warehouse; it arrives on Friday morning.';
const deltas = answer.split(/(?= )/); // 14 text deltas

function mockModel() {
  return new MockLanguageModelV4({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async () => ({
      content: [{ type: 'text', text: answer }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage,
      warnings: [],
    }),
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: [
          { type: 'stream-start' as const, warnings: [] },
          { type: 'text-start' as const, id: 't' },
          ...deltas.map((delta) => ({ type: 'text-delta' as const, id: 't', delta })),
          { type: 'text-end' as const, id: 't' },
          {
            type: 'finish' as const,
            finishReason: { unified: 'stop' as const, raw: 'stop' },
            usage,
          },
        ],
        initialDelayInMs: null,
        chunkDelayInMs: null,
      }),
    }),
  });
}

const noopMiddleware: LanguageModelMiddleware = {
  specificationVersion: 'v4',
  wrapGenerate: async ({ doGenerate }) => doGenerate(),
  wrapStream: async ({ doStream }) => doStream(),
};

/** About 2 KB of chat history: the first turn, then the second question. */
function history(seed = ''): ModelMessage[] {
  const policy =
    `${seed}Our bookshop ships from two warehouses. Orders above 40 EUR ship free. `.repeat(26);
  return [
    { role: 'user', content: `Hi, I ordered two books last week and only one arrived. ${policy}` },
    {
      role: 'assistant',
      content: 'Sorry about that! Could you share your order number so I can check the shipment?',
    },
    { role: 'user', content: 'Sure, it is 48213-B. The missing one is the hardcover atlas.' },
  ];
}

function setUp() {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = createBatchTracerProvider();
  trace.setGlobalTracerProvider(tracerProvider);
  const governor = createGovernor({
    attribution: { team: 'bench', project: 'genops-ts', environment: 'benchmark' },
    budgets: [{ name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' }],
    tracerProvider,
  });
  const inner = mockModel();
  const baseline = wrapLanguageModel({ model: inner, middleware: noopMiddleware });
  const governed = wrapLanguageModel({ model: inner, middleware: genopsMiddleware({ governor }) });
  /** The governor's begin/settle around the call with a precomputed request: the core's share. */
  const lifecycle = wrapLanguageModel({
    model: inner,
    middleware: {
      specificationVersion: 'v4',
      wrapGenerate: async ({ doGenerate }) => {
        const awu = await governor.begin(lifecycleRequest);
        const result = await context.with(awu.context, doGenerate);
        void awu.settle({ usage: { inputTokens: 560, outputTokens: 24 } });
        return result;
      },
    },
  });
  return {
    governor,
    baseline,
    governed,
    lifecycle,
    /** The mock records every call; forget them so that memory stays flat during the run. */
    forgetCalls() {
      inner.doGenerateCalls.length = 0;
      inner.doStreamCalls.length = 0;
    },
    async tearDown() {
      await governor.shutdown();
      await tracerProvider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

const lifecycleRequest: AwuRequest = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  attribution: { customer_id: 'acme', feature: 'support-chat' },
  provider: 'openai',
  model: 'gpt-4o',
  inputTokens: 560,
  maxOutputTokens: 400,
};

const instructions = 'You are a helpful support assistant for an online bookshop. Answer briefly.';
const providerOptions = { genops: { customer_id: 'acme', feature: 'support-chat' } };

export async function run(): Promise<Report[]> {
  const { governed, baseline, lifecycle, governor, forgetCalls, tearDown } = setUp();
  const messages = history();
  const chars = messages.reduce((sum, message) => sum + String(message.content).length, 0);
  // First turn: the history is counted once (as a chat would have).
  await generateText({
    model: governed,
    instructions,
    messages,
    maxOutputTokens: 400,
    providerOptions,
  });

  // Bring the process to a steady state first (JIT, heap size, span batches being exported):
  // otherwise whichever pair is measured first pays for it.
  const warmUntil = Date.now() + 6000;
  while (Date.now() < warmUntil) {
    forgetCalls();
    await generateText({ model: baseline, instructions, messages, maxOutputTokens: 400 });
    await generateText({
      model: governed,
      instructions,
      messages,
      maxOutputTokens: 400,
      providerOptions,
    });
    await streamText({
      model: baseline,
      instructions,
      messages,
      maxOutputTokens: 400,
    }).consumeStream();
    await streamText({
      model: governed,
      instructions,
      messages,
      maxOutputTokens: 400,
      providerOptions,
    }).consumeStream();
  }

  const generate = new Report(
    `AI SDK 7 generateText: genopsMiddleware vs a no-op middleware (${chars}-character prompt, counted before)`,
  );
  const [generateBaseline, generateGoverned] = await measurePair(
    ['generateText, no-op middleware', 'generateText, genopsMiddleware'],
    [
      () => {
        forgetCalls();
        return generateText({ model: baseline, instructions, messages, maxOutputTokens: 400 });
      },
      () => {
        forgetCalls();
        return generateText({
          model: governed,
          instructions,
          messages,
          maxOutputTokens: 400,
          providerOptions,
        });
      },
    ],
  );
  generate.add(generateBaseline);
  generate.add(generateGoverned);
  generate.ratio('generateText: genopsMiddleware / no-op', generateGoverned, generateBaseline, 1.3);
  // Where the time goes: the same AWU lifecycle driven by hand with a precomputed request (no
  // prompt conversion, no counting, no usage mapping) isolates the middleware's own share.
  const [lifecycleOnly, middleware] = await measurePair(
    ['generateText, bare governor lifecycle (reference)', 'generateText, genopsMiddleware (again)'],
    [
      () => {
        forgetCalls();
        return generateText({ model: lifecycle, instructions, messages, maxOutputTokens: 400 });
      },
      () => {
        forgetCalls();
        return generateText({
          model: governed,
          instructions,
          messages,
          maxOutputTokens: 400,
          providerOptions,
        });
      },
    ],
  );
  generate.add(lifecycleOnly);
  generate.add(middleware);
  generate.check(
    'middleware share: genopsMiddleware / bare lifecycle (reported, no target)',
    `${(middleware.medianNs / lifecycleOnly.medianNs).toFixed(2)}×`,
    'none',
    true,
  );

  const stream = new Report(
    `AI SDK 7 streamText (${deltas.length} deltas): genopsMiddleware vs a no-op middleware`,
  );
  const [streamBaseline, streamGoverned] = await measurePair(
    ['streamText, no-op middleware', 'streamText, genopsMiddleware'],
    [
      () => {
        forgetCalls();
        return streamText({
          model: baseline,
          instructions,
          messages,
          maxOutputTokens: 400,
        }).consumeStream();
      },
      () => {
        forgetCalls();
        return streamText({
          model: governed,
          instructions,
          messages,
          maxOutputTokens: 400,
          providerOptions,
        }).consumeStream();
      },
    ],
  );
  stream.add(streamBaseline);
  stream.add(streamGoverned);
  stream.ratio('streamText: genopsMiddleware / no-op', streamGoverned, streamBaseline, 1.15);

  // A prompt never seen before: every call counts ~2 KB of new text with tiktoken.
  const unseen = new Report('AI SDK 7 generateText: an unseen 2 KB prompt vs one counted before');
  // Fresh text per call (building it costs about a microsecond, next to the counting measured).
  let next = 0;
  const [seenCall, unseenCall] = await measurePair(
    [
      'generateText, genopsMiddleware, prompt counted before',
      'generateText, genopsMiddleware, unseen prompt',
    ],
    [
      () => {
        forgetCalls();
        return generateText({
          model: governed,
          instructions,
          messages,
          maxOutputTokens: 400,
          providerOptions,
        });
      },
      () => {
        forgetCalls();
        return generateText({
          model: governed,
          instructions,
          messages: history(`#${next++} `),
          maxOutputTokens: 400,
          providerOptions,
        });
      },
    ],
  );
  unseen.add(seenCall);
  unseen.add(unseenCall);
  unseen.check(
    'counting an unseen 2 KB prompt adds (reported, no target)',
    `${((unseenCall.medianNs - seenCall.medianNs) / 1000).toFixed(1)} µs`,
    'none',
    true,
  );

  await governor.flush();
  await tearDown();
  return [generate, stream, unseen];
}
