import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsInputError, type Governor } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { generateText, tool, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { genopsMiddleware } from './genops-middleware.js';
import {
  createTestGovernor,
  monthlyBudget,
  sharedEstimator,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import { generateResult, sdkUsage } from './test-support/mock-results.js';
import { budgetState } from './test-support/summarize.js';

const telemetry = createTestTelemetry();
afterEach(() => {
  telemetry.reset();
  expect(takeGovernorErrors()).toEqual([]);
});
afterAll(() => telemetry.shutdown());

/** A mock GPT-4o behind `openai.chat`, wrapped by the GenOps middleware. */
function governedModel(governor: Governor, doGenerate: MockLanguageModelV4['doGenerate']) {
  const inner = new MockLanguageModelV4({ provider: 'openai.chat', modelId: 'gpt-4o', doGenerate });
  const model = wrapLanguageModel({ model: inner, middleware: genopsMiddleware({ governor }) });
  return { inner, model };
}

async function compliantSpans() {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

describe('generateText: the whole prompt is estimated', () => {
  it('counts instructions, messages, tool calls, tool results and tool definitions; each step is one AWU', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(100_000)] });
    let step = 0;
    const { inner, model } = governedModel(governor, async () => {
      step++;
      return step === 1
        ? {
            content: [
              {
                type: 'tool-call' as const,
                toolCallId: 'call-1',
                toolName: 'weather',
                input: JSON.stringify({ city: 'Paris' }),
              },
            ],
            finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
            usage: sdkUsage(70, 15),
            warnings: [],
          }
        : generateResult('It is sunny in Paris.', sdkUsage(95, 7));
    });
    const result = await generateText({
      model,
      instructions: 'You are a weather assistant. Answer in one sentence.',
      prompt: 'What is the weather in Paris?',
      maxOutputTokens: 200,
      tools: {
        weather: tool({
          description: 'Current weather of a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, forecast: 'sunny', celsius: 21 }),
        }),
      },
      stopWhen: ({ steps }) => steps.length >= 2,
    });
    expect(result.text).toBe('It is sunny in Paris.');
    expect(inner.doGenerateCalls).toHaveLength(2);
    await governor.flush();
    const spans = await compliantSpans();
    const estimateOf = (index: number) => {
      const call = inner.doGenerateCalls[index];
      if (call === undefined) throw new Error('missing call');
      return governor.estimate({
        operation: { name: 'chat gpt-4o', type: 'inference' },
        model: 'gpt-4o',
        maxOutputTokens: 200,
        input: {
          messages: [
            ...call.prompt.map((message) => ({
              role: message.role,
              content:
                typeof message.content === 'string'
                  ? message.content
                  : message.content
                      .map((part) =>
                        part.type === 'text'
                          ? part.text
                          : part.type === 'tool-call'
                            ? JSON.stringify({ name: part.toolName, arguments: part.input })
                            : part.type === 'tool-result' && part.output.type === 'json'
                              ? JSON.stringify(part.output.value)
                              : '',
                      )
                      .join('\n'),
            })),
            {
              role: 'tools',
              content: JSON.stringify([
                {
                  name: 'weather',
                  description: 'Current weather of a city',
                  parameters:
                    call.tools?.[0]?.type === 'function' ? call.tools[0].inputSchema : null,
                },
              ]),
            },
          ],
        },
      }).amount;
    };
    expect(inner.doGenerateCalls[0]?.prompt.map((message) => message.role)).toEqual([
      'system',
      'user',
    ]);
    expect(inner.doGenerateCalls[1]?.prompt.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
    ]);
    const reserved = spans.map((span) => span.attributes['genops.accounting.reserved']);
    expect(reserved).toEqual([estimateOf(0), estimateOf(1)]);
    expect(reserved).toMatchInlineSnapshot(`
      [
        288,
        322,
      ]
    `);
    expect(spans.map((span) => span.attributes['genops.accounting.actual'])).toEqual([85, 102]);
  });
});

describe('generateText: usage the provider does not report', () => {
  it('counts the output text and the prompt, and marks the record incomplete', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { model } = governedModel(governor, async () => ({
      ...generateResult('Hi there, how can I help?', sdkUsage(0, 0)),
      usage: {
        inputTokens: {
          total: undefined,
          noCache: undefined,
          cacheRead: undefined,
          cacheWrite: undefined,
        },
        outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      },
    }));
    await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    await governor.flush();
    const output = sharedEstimator().countText('Hi there, how can I help?', 'gpt-4o');
    expect(output).toBe(8);
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': 8 + output,
      'genops.tokens.input': 8,
      'genops.tokens.output': output,
      'genopsjs.accounting.incomplete': true,
    });
  });

  it('reserves images in the prompt by the fileTokens rule', async () => {
    const governor = createTestGovernor();
    const { model } = governedModel(governor, async () =>
      generateResult('A cat.', sdkUsage(800, 3)),
    );
    await generateText({
      model,
      maxOutputTokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello' },
            { type: 'image', image: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
          ],
        },
      ],
    });
    await governor.flush();
    const [span] = await compliantSpans();
    // 8 for 'Hello' as one user message + 765 for the image + 100 output.
    expect(span?.attributes['genops.accounting.reserved']).toBe(8 + 765 + 100);
  });
});

describe('per-call options', () => {
  it('applies attribution overrides and the operation name from providerOptions.genops', async () => {
    const governor = createTestGovernor();
    const inner = new MockLanguageModelV4({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-4-5',
      doGenerate: async () => generateResult('ok', sdkUsage(8, 1)),
    });
    const model = wrapLanguageModel({
      model: inner,
      middleware: genopsMiddleware({
        governor,
        region: 'eu-west-1',
        attribution: { feature: 'triage', cost_center: 'cc-42' },
      }),
    });
    await generateText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 10,
      providerOptions: {
        genops: {
          team: 'billing',
          session_id: 's-9',
          feature: 'refunds',
          operationName: 'triage reply',
        },
      },
    });
    expect(inner.doGenerateCalls[0]?.providerOptions).toEqual({});
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.name).toBe('triage reply');
    expect(span?.attributes).toMatchObject({
      'genops.team': 'billing',
      'genops.project': 'helpdesk-bot',
      'genops.feature': 'refunds',
      'genops.cost_center': 'cc-42',
      'genops.session_id': 's-9',
      'genops.operation.name': 'triage reply',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
    });
  });

  it('rejects a misspelt or malformed genops option with GenOpsInputError naming the field, before anything is reserved', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { inner, model } = governedModel(governor, async () =>
      generateResult('ok', sdkUsage(8, 1)),
    );
    const misspelt = await generateText({
      model,
      prompt: 'Hello',
      providerOptions: { genops: { customerId: 'acme' } },
    }).catch((caught: unknown) => caught);
    expect(GenOpsInputError.isInstance(misspelt)).toBe(true);
    expect(misspelt).toMatchObject({ field: 'providerOptions.genops.customerId' });
    const empty = await generateText({
      model,
      prompt: 'Hello',
      providerOptions: { genops: { customer_id: '' } },
    }).catch((caught: unknown) => caught);
    expect(empty).toMatchObject({
      name: 'GenOpsInputError',
      field: 'providerOptions.genops.customer_id',
    });
    expect(inner.doGenerateCalls).toHaveLength(0);
    expect(await telemetry.spans()).toEqual([]);
    expect(await budgetState(governor)).toEqual({ consumed: 0, reserved: 0 });
  });

  it('validates its options at creation with GenOpsConfigError', () => {
    const governor = createTestGovernor();
    expect(() => genopsMiddleware({ governor: {} as Governor })).toThrow(
      /governor: expected a governor/,
    );
    expect(() => genopsMiddleware({ governor, region: '' })).toThrow(
      /region: expected a non-empty string/,
    );
    expect(() => genopsMiddleware({ governor, attribution: { custmer: 'x' } as never })).toThrow(
      /attribution.custmer: expected one of team/,
    );
    // A placeholder is refused here, once, not by the governor on every call.
    expect(() => genopsMiddleware({ governor, attribution: { customer_id: 'unknown' } })).toThrow(
      /attribution.customer_id: expected a non-empty, meaningful string/,
    );
    expect(() => genopsMiddleware({ governor, specificationVersion: 'v2' as never })).toThrow(
      /specificationVersion/,
    );
    expect(() => genopsMiddleware({ governor, streamIdleTimeoutMs: 0 })).toThrow(
      /streamIdleTimeoutMs: expected a number of milliseconds > 0/,
    );
    expect(() => genopsMiddleware({ governor, fileTokens: 5 as never })).toThrow(
      /fileTokens: expected a function/,
    );
  });

  it('rejects a fileTokens function that returns no whole number, before anything is reserved', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const inner = new MockLanguageModelV4({
      provider: 'openai.chat',
      modelId: 'gpt-4o',
      doGenerate: async () => generateResult('ok', sdkUsage(8, 1)),
    });
    const model = wrapLanguageModel({
      model: inner,
      middleware: genopsMiddleware({ governor, fileTokens: () => -1 }),
    });
    const error = await generateText({
      model,
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', image: new Uint8Array(4), mediaType: 'image/png' }],
        },
      ],
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'GenOpsConfigError', field: 'fileTokens' });
    expect(inner.doGenerateCalls).toHaveLength(0);
    expect(await telemetry.spans()).toEqual([]);
    expect(await budgetState(governor)).toEqual({ consumed: 0, reserved: 0 });
  });
});
