import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { embed, embedMany, wrapEmbeddingModel } from 'ai';
import { MockEmbeddingModelV4 } from 'ai/test';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { genopsEmbeddingMiddleware } from './genops-embedding-middleware.js';
import {
  createTestGovernor,
  monthlyBudget,
  sharedEstimator,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import { budgetState, summarize } from './test-support/summarize.js';

const telemetry = createTestTelemetry();
afterEach(() => {
  telemetry.reset();
  expect(takeGovernorErrors()).toEqual([]);
});
afterAll(() => telemetry.shutdown());

const MODEL_ID = 'text-embedding-3-small';
const tokens = (text: string) => sharedEstimator().countText(text, MODEL_ID);

function governedEmbeddingModel(
  governor: Governor,
  doEmbed: MockEmbeddingModelV4['doEmbed'],
  limits: { maxEmbeddingsPerCall?: number; supportsParallelCalls?: boolean } = {},
) {
  const inner = new MockEmbeddingModelV4({
    provider: 'openai.embedding',
    modelId: MODEL_ID,
    maxEmbeddingsPerCall: limits.maxEmbeddingsPerCall ?? 100,
    supportsParallelCalls: limits.supportsParallelCalls ?? true,
    doEmbed,
  });
  const model = wrapEmbeddingModel({
    model: inner,
    middleware: genopsEmbeddingMiddleware({ governor }),
  });
  return { inner, model };
}

async function compliantSpans() {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

describe('embed', () => {
  it('reserves the tokens of the value, reconciles with the reported usage and strips providerOptions.genops', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { inner, model } = governedEmbeddingModel(governor, async ({ values }) => ({
      embeddings: values.map(() => [0.1, 0.2]),
      usage: { tokens: 5 },
      warnings: [],
    }));
    const value = 'The quick brown fox jumps';
    const result = await embed({
      model,
      value,
      providerOptions: { genops: { feature: 'search-index' }, openai: { user: 'u-1' } },
    });
    expect(result.embedding).toEqual([0.1, 0.2]);
    expect(inner.doEmbedCalls[0]?.providerOptions).toEqual({ openai: { user: 'u-1' } });
    await governor.flush();
    expect(tokens(value)).toBe(5);
    expect(summarize(await compliantSpans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "text-embedding-3-small",
            "genops.accounting.actual": 5,
            "genops.accounting.reserved": 5,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "support-monthly",
            "genops.environment": "production",
            "genops.feature": "search-index",
            "genops.operation.name": "embeddings text-embedding-3-small",
            "genops.operation.type": "embedding",
            "genops.policy.result": "ALLOWED",
            "genops.project": "helpdesk-bot",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genops.tokens.input": 5,
            "genops.tokens.output": 0,
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
                "genops.accounting.reserved": 5,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-monthly",
                "genops.budget.period": "2026-11",
                "genops.budget.remaining": 9995,
              },
              "name": "genops.budget.reservation",
            },
            {
              "attributes": {
                "genops.accounting.actual": 5,
                "genops.accounting.reconciliation_delta": 0,
                "genops.accounting.reserved": 5,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-monthly",
              },
              "name": "genops.budget.reconciliation",
            },
          ],
          "name": "embeddings text-embedding-3-small",
          "parent": null,
          "status": 0,
        },
      ]
    `);
    expect(await budgetState(governor)).toEqual({ consumed: 5, reserved: 0 });
  });

  it('uses the exact count of the values when the provider reports no usage', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { model } = governedEmbeddingModel(governor, async ({ values }) => ({
      embeddings: values.map(() => [1]),
      warnings: [],
    }));
    const value = 'Governance for every embedding call';
    await embed({ model, value });
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': tokens(value),
      'genops.accounting.actual': tokens(value),
      'genops.operation.type': 'embedding',
    });
    expect(span?.attributes['genopsjs.accounting.incomplete']).toBeUndefined();
  });

  it('refuses what does not fit: GenOpsPolicyError and the provider is never called', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(3)] });
    const { inner, model } = governedEmbeddingModel(governor, async ({ values }) => ({
      embeddings: values.map(() => [1]),
      warnings: [],
    }));
    const error = await embed({ model, value: 'The quick brown fox jumps' }).catch(
      (caught: unknown) => caught,
    );
    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reasonCode: 'BUDGET_RESERVATION_FAILED' });
    expect(inner.doEmbedCalls).toHaveLength(0);
    const [span] = await compliantSpans();
    expect(span?.attributes['genops.policy.result']).toBe('BLOCKED');
  });

  it('fails the AWU and rethrows when the provider fails', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const failure = new Error('embedding service unavailable');
    const { model } = governedEmbeddingModel(governor, async () => {
      throw failure;
    });
    await expect(embed({ model, value: 'hello world', maxRetries: 0 })).rejects.toBe(failure);
    await governor.flush();
    const [span] = await compliantSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': tokens('hello world'),
      'genopsjs.accounting.incomplete': true,
    });
    expect(await budgetState(governor)).toEqual({ consumed: tokens('hello world'), reserved: 0 });
  });
});

describe('embedMany', () => {
  it('makes each chunk sent to the provider (in parallel) its own AWU', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    let inFlight = 0;
    let maxInFlight = 0;
    const { inner, model } = governedEmbeddingModel(
      governor,
      async ({ values }) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return {
          embeddings: values.map(() => [1]),
          usage: { tokens: values.reduce((sum, value) => sum + tokens(value), 0) },
          warnings: [],
        };
      },
      { maxEmbeddingsPerCall: 2, supportsParallelCalls: true },
    );
    const values = ['alpha beta', 'gamma', 'delta epsilon zeta', 'eta', 'theta iota'];
    const result = await embedMany({
      model,
      values,
      providerOptions: { genops: { feature: 'rag' } },
    });
    expect(result.embeddings).toHaveLength(5);
    expect(inner.doEmbedCalls.map((call) => call.values)).toEqual([
      ['alpha beta', 'gamma'],
      ['delta epsilon zeta', 'eta'],
      ['theta iota'],
    ]);
    expect(maxInFlight).toBe(3);
    await governor.flush();
    const spans = await compliantSpans();
    const chunkTokens = inner.doEmbedCalls.map((call) =>
      call.values.reduce((sum, value) => sum + tokens(value), 0),
    );
    expect(
      spans
        .map((span) => [
          span.attributes['genops.accounting.reserved'],
          span.attributes['genops.accounting.actual'],
          span.attributes['genops.feature'],
        ])
        .sort(),
    ).toEqual(chunkTokens.map((amount) => [amount, amount, 'rag']).sort());
    expect(new Set(spans.map((span) => span.spanContext().spanId)).size).toBe(3);
    const total = chunkTokens.reduce((sum, amount) => sum + amount, 0);
    expect(await budgetState(governor)).toEqual({ consumed: total, reserved: 0 });
  });
});
