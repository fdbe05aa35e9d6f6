import { OpenTelemetry } from '@ai-sdk/otel';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createTestTelemetry } from '@genops/testing';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { genopsMiddleware } from './genops-middleware.js';
import { createTestGovernor, takeGovernorErrors } from './test-support/create-test-governor.js';
import { generateResult, sdkUsage, textStreamParts } from './test-support/mock-results.js';

const telemetry = createTestTelemetry();
afterEach(() => {
  telemetry.reset();
  expect(takeGovernorErrors()).toEqual([]);
});
afterAll(() => telemetry.shutdown());

function governedModel() {
  const governor = createTestGovernor();
  const inner = new MockLanguageModelV4({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async () => generateResult('Hi there!', sdkUsage(8, 4)),
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: textStreamParts(['Hi', ' there!'], sdkUsage(8, 3)),
        initialDelayInMs: null,
        chunkDelayInMs: null,
      }),
    }),
  });
  const model = wrapLanguageModel({ model: inner, middleware: genopsMiddleware({ governor }) });
  return { governor, model };
}

/** The span tree as indented lines: `name [genops]` marks AWU spans. */
function tree(spans: readonly ReadableSpan[]): string[] {
  const byParent = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    byParent.set(key, [...(byParent.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of byParent.get(parent) ?? []) {
      const awu = span.attributes['genops.spec.version'] === undefined ? '' : ' [genops AWU]';
      lines.push(`${'  '.repeat(depth)}${span.name}${awu}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

async function compliantSpans() {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

describe('tracing', () => {
  it('nests the AWU span inside the AI SDK model-call span when the SDK OpenTelemetry integration is on', async () => {
    const { governor, model } = governedModel();
    await trace.getTracer('app').startActiveSpan('POST /chat', async (request) => {
      await generateText({
        model,
        prompt: 'Hello',
        maxOutputTokens: 100,
        telemetry: { integrations: new OpenTelemetry() },
      });
      request.end();
    });
    await governor.flush();
    expect(tree(await compliantSpans())).toMatchInlineSnapshot(`
      [
        "POST /chat",
        "  invoke_agent gpt-4o",
        "    step 1",
        "      chat gpt-4o",
        "        chat gpt-4o [genops AWU]",
      ]
    `);
  });

  it('does the same for streamText', async () => {
    const { governor, model } = governedModel();
    const result = streamText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      telemetry: { integrations: new OpenTelemetry() },
    });
    await result.consumeStream();
    await governor.flush();
    expect(tree(await compliantSpans())).toMatchInlineSnapshot(`
      [
        "invoke_agent gpt-4o",
        "  step 1",
        "    chat gpt-4o",
        "      chat gpt-4o [genops AWU]",
      ]
    `);
  });

  it("parents the AWU span on the caller's active span when the SDK integration is off", async () => {
    const { governor, model } = governedModel();
    await trace.getTracer('app').startActiveSpan('POST /chat', async (request) => {
      await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 });
      request.end();
    });
    await governor.flush();
    const spans = await compliantSpans();
    expect(tree(spans)).toMatchInlineSnapshot(`
      [
        "POST /chat",
        "  chat gpt-4o [genops AWU]",
      ]
    `);
    const awu = spans.find((span) => span.attributes['genops.spec.version'] !== undefined);
    const caller = spans.find((span) => span.name === 'POST /chat');
    expect(awu?.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
    expect(awu?.spanContext().traceId).toBe(caller?.spanContext().traceId);
  });
});
