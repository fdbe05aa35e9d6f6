/**
 * The same core scenarios through AI SDK 6 (`ai@6`, provider specification v3), installed in this
 * repository under the `ai-v6` alias.
 */
import { APICallError } from '@ai-sdk/provider-v3';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { embedMany, generateText, streamText, wrapEmbeddingModel, wrapLanguageModel } from 'ai-v6';
import { MockEmbeddingModelV3, MockLanguageModelV3, simulateReadableStream } from 'ai-v6/test';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { genopsEmbeddingMiddleware } from './genops-embedding-middleware.js';
import { genopsMiddleware } from './genops-middleware.js';
import {
  createTestGovernor,
  monthlyBudget,
  sharedEstimator,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import { generateResult, sdkUsage, textStreamParts } from './test-support/mock-results.js';
import { budgetState } from './test-support/summarize.js';

const telemetry = createTestTelemetry();
afterEach(() => {
  telemetry.reset();
  expect(takeGovernorErrors()).toEqual([]);
});
afterAll(() => telemetry.shutdown());

const tokens = (text: string) => sharedEstimator().countText(text, 'gpt-4o');

function governedModel(
  governor: Governor,
  behaviour: {
    doGenerate?: MockLanguageModelV3['doGenerate'];
    doStream?: MockLanguageModelV3['doStream'];
  },
) {
  const inner = new MockLanguageModelV3({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    ...behaviour,
  });
  const model = wrapLanguageModel({
    model: inner,
    middleware: genopsMiddleware({ governor, specificationVersion: 'v3' }),
  });
  return { inner, model };
}

async function compliantSpans() {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

const accounting = (spans: readonly ReadableSpan[]) =>
  spans.map((span) => [
    span.status.code,
    span.attributes['genops.accounting.reserved'],
    span.attributes['genops.accounting.actual'],
    span.attributes['genopsjs.accounting.incomplete'] ?? false,
  ]);

describe('AI SDK 6: generateText', () => {
  it('allowed: reserved, reconciled with the usage, providerOptions.genops stripped', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { inner, model } = governedModel(governor, {
      doGenerate: async () => generateResult('Hi there!', sdkUsage(8, 4)),
    });
    const result = await generateText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      providerOptions: { genops: { customer_id: 'acme' }, openai: { user: 'u-1' } },
    });
    expect(result.text).toBe('Hi there!');
    expect(inner.doGenerateCalls[0]?.providerOptions).toEqual({ openai: { user: 'u-1' } });
    await governor.flush();
    const spans = await compliantSpans();
    expect(accounting(spans)).toEqual([[0, 108, 12, false]]);
    expect(spans[0]?.attributes['genops.customer_id']).toBe('acme');
    expect(await budgetState(governor)).toEqual({ consumed: 12, reserved: 0 });
  });

  it('refused by the budget: GenOpsPolicyError, the model is never called', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(50)] });
    const { inner, model } = governedModel(governor, {
      doGenerate: async () => generateResult('never', sdkUsage(8, 4)),
    });
    const error = await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(inner.doGenerateCalls).toHaveLength(0);
    const [span] = await compliantSpans();
    expect(span?.attributes['genops.policy.reason_code']).toBe('BUDGET_RESERVATION_FAILED');
  });

  it('retries: each attempt is its own AWU, every one reconciled; the original error when not retryable', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    let attempt = 0;
    const { model } = governedModel(governor, {
      doGenerate: async () => {
        attempt++;
        if (attempt === 1) {
          throw new APICallError({
            message: 'overloaded',
            url: 'https://api.example.test/v1/chat/completions',
            requestBodyValues: {},
            statusCode: 503,
            responseHeaders: { 'retry-after-ms': '0' },
          });
        }
        return generateResult('Hi there!', sdkUsage(8, 4));
      },
    });
    await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    await governor.flush();
    expect(accounting(await compliantSpans())).toEqual([
      [2, 108, 8, true],
      [0, 108, 12, false],
    ]);
    expect(await budgetState(governor)).toEqual({ consumed: 20, reserved: 0 });
  });
});

describe('AI SDK 6: streamText', () => {
  it('reconciles at the finish part', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { model } = governedModel(governor, {
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: textStreamParts(['Hi', ' there', '!'], sdkUsage(8, 4)),
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      }),
    });
    const result = streamText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    expect(await result.text).toBe('Hi there!');
    await governor.flush();
    expect(accounting(await compliantSpans())).toEqual([[0, 108, 12, false]]);
  });

  it('on an error part, fails with the streamed tokens counted', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { model } = governedModel(governor, {
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            ...textStreamParts(['The answer', ' is forty'], null),
            { type: 'error' as const, error: new Error('connection reset') },
          ],
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      }),
    });
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      onError: () => undefined,
    });
    await result.consumeStream();
    await governor.flush();
    expect(accounting(await compliantSpans())).toEqual([
      [2, 108, 8 + tokens('The answer is forty'), true],
    ]);
  });

  it('when the call is aborted mid-stream, reconciles with the tokens streamed so far', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    let streamedText = '';
    const { model } = governedModel(governor, {
      doStream: async ({ abortSignal }) => {
        const parts = textStreamParts(['One', ' two'], null);
        let index = 0;
        return {
          stream: new ReadableStream(
            {
              start(controller) {
                abortSignal?.addEventListener('abort', () => controller.error(abortSignal.reason));
              },
              pull(controller) {
                const part = parts[index++] ?? {
                  type: 'text-delta' as const,
                  id: 't1',
                  delta: ' more',
                };
                if (part.type === 'text-delta') streamedText += part.delta;
                controller.enqueue(part);
              },
            },
            { highWaterMark: 0 },
          ),
        };
      },
    });
    const abort = new AbortController();
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      abortSignal: abort.signal,
    });
    let atAbort = '';
    let deltas = 0;
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta' && ++deltas === 2) {
        atAbort = streamedText;
        abort.abort();
      }
    }
    await governor.flush();
    expect(accounting(await compliantSpans())).toEqual([[0, 108, 8 + tokens(atAbort), true]]);
    expect(await budgetState(governor)).toEqual({ consumed: 8 + tokens(atAbort), reserved: 0 });
  });

  it('a refused stream: GenOpsPolicyError reaches onError, the model is never called', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(50)] });
    const { inner, model } = governedModel(governor, {
      doStream: async () => ({
        stream: simulateReadableStream({ chunks: textStreamParts(['never'], sdkUsage(8, 1)) }),
      }),
    });
    const errors: unknown[] = [];
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(inner.doStreamCalls).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect(GenOpsPolicyError.isInstance(errors[0])).toBe(true);
    await compliantSpans();
  });
});

describe('AI SDK 6: embeddings and tracing', () => {
  it('embedMany: one AWU per chunk, in parallel', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const inner = new MockEmbeddingModelV3({
      provider: 'openai.embedding',
      modelId: 'text-embedding-3-small',
      maxEmbeddingsPerCall: 2,
      supportsParallelCalls: true,
      doEmbed: async ({ values }) => ({
        embeddings: values.map(() => [1]),
        usage: { tokens: values.length * 2 },
        warnings: [],
      }),
    });
    const model = wrapEmbeddingModel({
      model: inner,
      middleware: genopsEmbeddingMiddleware({ governor, specificationVersion: 'v3' }),
    });
    await embedMany({
      model,
      values: ['a b', 'c d', 'e f'],
      providerOptions: { genops: { feature: 'rag' } },
    });
    expect(inner.doEmbedCalls.map((call) => call.providerOptions)).toEqual([{}, {}]);
    await governor.flush();
    const spans = await compliantSpans();
    expect(spans.map((span) => span.attributes['genops.accounting.actual']).sort()).toEqual([2, 4]);
    expect(await budgetState(governor)).toEqual({ consumed: 6, reserved: 0 });
  });

  it('nests the AWU span inside the SDK doGenerate span with experimental_telemetry on', async () => {
    const governor = createTestGovernor();
    const { model } = governedModel(governor, {
      doGenerate: async () => generateResult('Hi there!', sdkUsage(8, 4)),
    });
    await trace.getTracer('app').startActiveSpan('POST /chat', async (request) => {
      await generateText({
        model,
        prompt: 'Hello',
        maxOutputTokens: 100,
        experimental_telemetry: { isEnabled: true },
      });
      request.end();
    });
    await governor.flush();
    const spans = await compliantSpans();
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const awu = spans.find((span) => span.attributes['genops.spec.version'] !== undefined);
    const chain: string[] = [];
    for (
      let span = awu;
      span !== undefined;
      span = byId.get(span.parentSpanContext?.spanId ?? '')
    ) {
      chain.push(span.name);
    }
    expect(chain).toMatchInlineSnapshot(`
      [
        "chat gpt-4o",
        "ai.generateText.doGenerate",
        "ai.generateText",
        "POST /chat",
      ]
    `);
  });
});
