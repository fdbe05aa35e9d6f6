import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { experimental_streamTextLowMemory, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { genopsMiddleware } from './genops-middleware.js';
import {
  createTestGovernor,
  monthlyBudget,
  sharedEstimator,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import { sdkUsage, textStreamParts } from './test-support/mock-results.js';
import { budgetState, summarize } from './test-support/summarize.js';

const telemetry = createTestTelemetry();
afterEach(() => {
  telemetry.reset();
  expect(takeGovernorErrors()).toEqual([]);
});
afterAll(() => telemetry.shutdown());

type StreamPart = ReturnType<typeof textStreamParts>[number] | { type: 'error'; error: unknown };

function governedModel(governor: Governor, doStream: MockLanguageModelV4['doStream']) {
  const inner = new MockLanguageModelV4({ provider: 'openai.chat', modelId: 'gpt-4o', doStream });
  const model = wrapLanguageModel({ model: inner, middleware: genopsMiddleware({ governor }) });
  return { inner, model };
}

/** A `doStream` replaying `parts` without delays. */
function replay(parts: readonly StreamPart[]) {
  return async () => ({
    stream: simulateReadableStream<StreamPart>({
      chunks: [...parts],
      initialDelayInMs: null,
      chunkDelayInMs: null,
    }) as ReadableStream<never>,
  });
}

/**
 * A `doStream` for a model that never finishes: it emits `parts`, then one more ` more` delta on
 * every pull, until the stream is cancelled. `cancelled` resolves with the cancellation reason;
 * `delivered()` is the text of the deltas handed out so far.
 */
function endless(parts: readonly StreamPart[]) {
  let onCancel: (reason: unknown) => void = () => undefined;
  const cancelled = new Promise<unknown>((resolve) => {
    onCancel = resolve;
  });
  let text = '';
  const doStream: MockLanguageModelV4['doStream'] = async ({ abortSignal }) => {
    let index = 0;
    const stream = new ReadableStream<StreamPart>(
      {
        start(controller) {
          // Like an HTTP provider: aborting the call errors the response stream.
          abortSignal?.addEventListener('abort', () => controller.error(abortSignal.reason));
        },
        pull(controller) {
          const part = parts[index++] ?? { type: 'text-delta' as const, id: 't1', delta: ' more' };
          if (part.type === 'text-delta') text += part.delta;
          controller.enqueue(part);
        },
        cancel: onCancel,
      },
      { highWaterMark: 0 }, // produces only what is read (no read-ahead inside the model)
    );
    return { stream: stream as ReadableStream<never> };
  };
  return { doStream, cancelled, delivered: () => text };
}

async function compliantSpans() {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

/** Tokens of `text` as GPT-4o counts them. */
const tokens = (text: string) => sharedEstimator().countText(text, 'gpt-4o');

describe('streamText', () => {
  it('reconciles at the finish part with its usage', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { model } = governedModel(
      governor,
      replay(textStreamParts(['Hi', ' there', '!'], sdkUsage(8, 4, { cacheRead: 2 }))),
    );
    const result = streamText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    expect(await result.text).toBe('Hi there!');
    await governor.flush();
    expect(summarize(await compliantSpans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.accounting.actual": 12,
            "genops.accounting.reserved": 108,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "support-monthly",
            "genops.environment": "production",
            "genops.operation.name": "chat gpt-4o",
            "genops.operation.type": "inference",
            "genops.policy.result": "ALLOWED",
            "genops.project": "helpdesk-bot",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genops.tokens.input": 8,
            "genops.tokens.output": 4,
            "genopsjs.awu.outcome": "succeeded",
          },
          "events": [
            {
              "attributes": {
                "genops.policy.name": "support-monthly",
                "genops.policy.result": "ALLOWED",
              },
              "name": "genops.policy.evaluated",
            },
            {
              "attributes": {
                "genops.accounting.reserved": 108,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-monthly",
                "genops.budget.period": "2026-11",
                "genops.budget.remaining": 9892,
              },
              "name": "genops.budget.reservation",
            },
            {
              "attributes": {
                "genops.accounting.actual": 12,
                "genops.accounting.reconciliation_delta": -96,
                "genops.accounting.reserved": 108,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-monthly",
              },
              "name": "genops.budget.reconciliation",
            },
          ],
          "name": "chat gpt-4o",
          "parent": null,
          "status": 0,
        },
      ]
    `);
    expect(await budgetState(governor)).toEqual({ consumed: 12, reserved: 0 });
  });

  it('on an error part, fails the AWU with the streamed tokens counted, marked incomplete', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const upstream = new Error('upstream connection reset');
    const { model } = governedModel(
      governor,
      replay([
        ...textStreamParts(['The answer', ' is forty'], null).slice(0, 4),
        { type: 'error', error: upstream },
      ]),
    );
    const errors: unknown[] = [];
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain('error');
    expect(errors).toEqual([upstream]);
    await governor.flush();
    const [span] = await compliantSpans();
    const streamed = tokens('The answer is forty');
    expect(span?.status.code).toBe(2);
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': 108,
      'genops.accounting.actual': 8 + streamed,
      'genops.tokens.output': streamed,
      'genopsjs.accounting.incomplete': true,
      'genopsjs.awu.outcome': 'failed',
    });
    expect(streamed).toBe(4);
    expect(await budgetState(governor)).toEqual({ consumed: 12, reserved: 0 });
  });

  it('on an error part followed by finish, fails the AWU with the finish usage', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const parts = textStreamParts(['Partial'], sdkUsage(8, 1));
    const { model } = governedModel(
      governor,
      replay([
        ...parts.slice(0, -1),
        { type: 'error', error: new Error('bad chunk') },
        ...parts.slice(-1),
      ]),
    );
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      onError: () => undefined,
    });
    await result.consumeStream();
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': 9,
      'genopsjs.accounting.incomplete': true,
    });
  });

  it('when the consumer stops early and cancels (single-consumer streamText), reconciles at once with the tokens streamed', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { doStream, cancelled, delivered } = endless(
      textStreamParts(['One', ' two', ' three'], null).slice(0, 5),
    );
    const { model } = governedModel(governor, doStream);
    const result = experimental_streamTextLowMemory({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
    });
    const seen: string[] = [];
    for await (const delta of result.textStream) {
      seen.push(delta);
      if (seen.length === 3) break;
    }
    await cancelled;
    await governor.flush();
    // The middleware reads ahead of the consumer: what it reconciles is what the model streamed.
    const streamed = 8 + tokens(delivered());
    expect(delivered().startsWith('One two three')).toBe(true);
    const [span] = await compliantSpans();
    expect(span?.status.code).toBe(0);
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': 108,
      'genops.accounting.actual': streamed,
      'genopsjs.accounting.incomplete': true,
      'genopsjs.awu.outcome': 'succeeded',
    });
    expect(await budgetState(governor)).toEqual({ consumed: streamed, reserved: 0 });
  });

  it('when the consumer stops early without the cancel reaching the model (streamText keeps a copy), reconciles after streamIdleTimeoutMs', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { doStream, delivered } = endless(
      textStreamParts(['One', ' two', ' three'], null).slice(0, 5),
    );
    const inner = new MockLanguageModelV4({ provider: 'openai.chat', modelId: 'gpt-4o', doStream });
    const model = wrapLanguageModel({
      model: inner,
      middleware: genopsMiddleware({ governor, streamIdleTimeoutMs: 50 }),
    });
    const result = streamText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    for await (const delta of result.textStream) {
      if (delta === ' two') break;
    }
    // The SDK fills its internal buffers, then stops reading: the stream goes idle.
    await vi.waitFor(async () => {
      await governor.flush();
      expect((await budgetState(governor)).reserved).toBe(0);
    });
    const streamed = 8 + tokens(delivered());
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': streamed,
      'genopsjs.accounting.incomplete': true,
    });
    expect(await budgetState(governor)).toEqual({ consumed: streamed, reserved: 0 });
  });

  it('when the call is aborted, reconciles with the tokens streamed so far', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { doStream, delivered } = endless(
      textStreamParts(['One', ' two', ' three'], null).slice(0, 5),
    );
    const { model } = governedModel(governor, doStream);
    const abort = new AbortController();
    const aborts: string[] = [];
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      abortSignal: abort.signal,
      onAbort: () => {
        aborts.push('aborted');
      },
    });
    const seen: string[] = [];
    let streamedAtAbort = '';
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') seen.push(part.text);
      if (seen.length === 2 && !abort.signal.aborted) {
        streamedAtAbort = delivered();
        abort.abort();
      }
    }
    expect(aborts).toEqual(['aborted']);
    await governor.flush();
    // The middleware reads ahead of the consumer: it reconciles what the model had streamed.
    const streamed = 8 + tokens(streamedAtAbort);
    expect(streamedAtAbort.startsWith('One two')).toBe(true);
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': streamed,
      'genopsjs.accounting.incomplete': true,
    });
    expect(await budgetState(governor)).toEqual({ consumed: streamed, reserved: 0 });
  });

  it('counts a stream that ends without a finish part, incomplete', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { model } = governedModel(governor, replay(textStreamParts(['Hi', ' there'], null)));
    const result = streamText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    await result.consumeStream();
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': 8 + tokens('Hi there'),
      'genopsjs.accounting.incomplete': true,
    });
  });

  it('counts reasoning and tool-input deltas (not the tool call again) when no usage arrives', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const parts = [
      { type: 'stream-start', warnings: [] },
      { type: 'reasoning-start', id: 'r1' },
      { type: 'reasoning-delta', id: 'r1', delta: 'Let me check the weather.' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'tool-input-start', id: 'c1', toolName: 'weather' },
      { type: 'tool-input-delta', id: 'c1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'c1', delta: '"Paris"}' },
      { type: 'tool-input-end', id: 'c1' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'c2', toolName: 'weather', input: '{"city":"Rome"}' },
    ] as unknown as StreamPart[];
    const { model } = governedModel(governor, replay(parts));
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      onError: () => undefined,
    });
    await result.consumeStream();
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual':
        8 + tokens('Let me check the weather.{"city":"Paris"}{"city":"Rome"}'),
      'genopsjs.accounting.incomplete': true,
    });
  });

  it('a refused stream never calls the model; GenOpsPolicyError reaches onError and fullStream', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(50)] });
    const { inner, model } = governedModel(
      governor,
      replay(textStreamParts(['never'], sdkUsage(8, 1))),
    );
    const errors: unknown[] = [];
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const parts: { type: string; error?: unknown }[] = [];
    for await (const part of result.fullStream) parts.push(part);
    expect(inner.doStreamCalls).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect(GenOpsPolicyError.isInstance(errors[0])).toBe(true);
    expect(parts.map((part) => part.type)).toMatchInlineSnapshot(`
      [
        "start",
        "error",
      ]
    `);
    expect(parts.find((part) => part.type === 'error')?.error).toBe(errors[0]);
    await expect(result.text).rejects.toMatchObject({ name: 'AI_NoOutputGeneratedError' });
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.policy.result': 'BLOCKED',
      'genops.policy.reason_code': 'BUDGET_RESERVATION_FAILED',
    });
  });
});
