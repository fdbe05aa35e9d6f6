import { createOpenAI } from '@ai-sdk/openai';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createTestTelemetry } from '@genops/testing';
import { embedMany, generateText, streamText, wrapEmbeddingModel, wrapLanguageModel } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { genopsEmbeddingMiddleware } from './genops-embedding-middleware.js';
import { genopsMiddleware } from './genops-middleware.js';
import {
  createTestGovernor,
  monthlyBudget,
  sharedEstimator,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import {
  apiError,
  chatCompletion,
  chatCompletionStream,
  chatUsage,
  embeddingsResponse,
  type OpenAICompatibleServer,
  startOpenAICompatibleServer,
} from './test-support/openai-compatible-server.js';
import { budgetState } from './test-support/summarize.js';

const telemetry = createTestTelemetry();
let server: OpenAICompatibleServer;
beforeAll(async () => {
  server = await startOpenAICompatibleServer();
});
afterEach(() => {
  telemetry.reset();
  server.requests.length = 0;
  expect(takeGovernorErrors()).toEqual([]);
});
afterAll(async () => {
  await server.close();
  await telemetry.shutdown();
});

function openaiProvider() {
  return createOpenAI({ baseURL: server.baseURL, apiKey: 'sk-test' });
}

async function compliantSpans() {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

const genopsOptions = { genops: { customer_id: 'acme', feature: 'chat', slaTier: 'premium' } };

describe('the real @ai-sdk/openai provider over HTTP', () => {
  it('generateText: JSON response, usage mapped (cached reads included in input), nothing of GenOps on the wire', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const model = wrapLanguageModel({
      model: openaiProvider().chat('gpt-4o'),
      middleware: genopsMiddleware({ governor }),
    });
    server.respond(chatCompletion('Hi there!', chatUsage(8, 4, 2)));
    const result = await generateText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      providerOptions: genopsOptions,
    });
    expect(result.text).toBe('Hi there!');
    expect(result.usage).toMatchObject({ inputTokens: 8, outputTokens: 4 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(JSON.stringify(request?.body)).not.toContain('genops');
    expect(JSON.stringify(request?.body)).not.toContain('acme');
    expect(request?.body).toMatchObject({
      model: 'gpt-4o',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'genops.customer_id': 'acme',
      'genops.accounting.reserved': 108,
      'genops.accounting.actual': 12,
      'genops.tokens.input': 8,
      'genops.tokens.output': 4,
    });
    expect(await budgetState(governor)).toEqual({ consumed: 12, reserved: 0 });
  });

  it('streamText: SSE stream with include_usage, reconciled with the usage chunk', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const model = wrapLanguageModel({
      model: openaiProvider().chat('gpt-4o'),
      middleware: genopsMiddleware({ governor }),
    });
    server.respond(chatCompletionStream(['Hi', ' there', '!'], chatUsage(8, 3)));
    const result = streamText({
      model,
      instructions: 'Be brief.',
      prompt: 'Hello',
      maxOutputTokens: 50,
      providerOptions: genopsOptions,
    });
    expect(await result.text).toBe('Hi there!');
    const [request] = server.requests;
    expect(request?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(JSON.stringify(request?.body)).not.toContain('genops');
    await governor.flush();
    const estimator = sharedEstimator();
    // 3 (priming) + per message 3 + role + content.
    const reserved =
      3 +
      (3 + estimator.countText('system', 'gpt-4o') + estimator.countText('Be brief.', 'gpt-4o')) +
      (3 + estimator.countText('user', 'gpt-4o') + estimator.countText('Hello', 'gpt-4o')) +
      50;
    expect(reserved).toBe(65);
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': 65,
      'genops.accounting.actual': 11,
    });
    expect(span?.attributes['genopsjs.accounting.incomplete']).toBeUndefined();
    expect(await budgetState(governor)).toEqual({ consumed: 11, reserved: 0 });
  });

  it('a 500 with retry-after-ms: the SDK retries, each attempt is its own reconciled AWU', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const model = wrapLanguageModel({
      model: openaiProvider().chat('gpt-4o'),
      middleware: genopsMiddleware({ governor }),
    });
    server.respond(
      apiError(500, 'The server had an error', { 'retry-after-ms': '0' }),
      chatCompletion('Recovered', chatUsage(8, 2)),
    );
    const result = await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    expect(result.text).toBe('Recovered');
    expect(server.requests).toHaveLength(2);
    await governor.flush();
    const spans = await compliantSpans();
    expect(
      spans.map((span) => [
        span.status.code,
        span.attributes['genops.accounting.actual'],
        span.attributes['genopsjs.accounting.incomplete'],
      ]),
    ).toEqual([
      [2, 8, true],
      [0, 10, undefined],
    ]);
    expect(spans[0]?.status.message).toBe('The server had an error');
    expect(await budgetState(governor)).toEqual({ consumed: 18, reserved: 0 });
  });

  it('embedMany: one AWU per provider call, reconciled with the reported prompt tokens', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const model = wrapEmbeddingModel({
      model: openaiProvider().embedding('text-embedding-3-small'),
      middleware: genopsEmbeddingMiddleware({ governor }),
    });
    const values = ['first document', 'second document'];
    server.respond(embeddingsResponse(2, 4));
    const result = await embedMany({
      model,
      values,
      providerOptions: { genops: { feature: 'search-index' } },
    });
    expect(result.embeddings).toHaveLength(2);
    expect(server.requests[0]?.path).toBe('/v1/embeddings');
    expect(JSON.stringify(server.requests[0]?.body)).not.toContain('genops');
    await governor.flush();
    const counted = values.reduce(
      (sum, value) => sum + sharedEstimator().countText(value, 'text-embedding-3-small'),
      0,
    );
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.operation.name': 'embeddings text-embedding-3-small',
      'genops.operation.type': 'embedding',
      'genops.accounting.reserved': counted,
      'genops.accounting.actual': 4,
    });
    expect(counted).toBe(4);
  });
});
