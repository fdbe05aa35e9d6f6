import { APICallError } from '@ai-sdk/provider';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError, type Governor, InMemoryLedger } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { generateText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { genopsMiddleware } from './genops-middleware.js';
import {
  createTestGovernor,
  denyModel,
  monthlyBudget,
  requestRate,
  TEST_CLOCK,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import { generateResult, sdkUsage } from './test-support/mock-results.js';
import { budgetState, summarize } from './test-support/summarize.js';

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

describe('generateText: allowed', () => {
  it('reserves the prompt plus maxOutputTokens, reconciles with the usage and strips providerOptions.genops', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const { inner, model } = governedModel(governor, async () =>
      generateResult('Hi there!', sdkUsage(8, 4)),
    );
    const result = await generateText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      providerOptions: {
        genops: { customer_id: 'acme', feature: 'chat', slaTier: 'premium' },
        openai: { user: 'u-1' },
      },
    });
    await governor.flush();

    expect(result.text).toBe('Hi there!');
    expect(inner.doGenerateCalls).toHaveLength(1);
    expect(inner.doGenerateCalls[0]?.providerOptions).toEqual({ openai: { user: 'u-1' } });
    // 'Hello' as one user message: 3 (priming) + 3 (message) + 1 ('user') + 1 ('Hello') = 8.
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
            "genops.customer_id": "acme",
            "genops.environment": "production",
            "genops.feature": "chat",
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

  it('begins through governor.begin; the in-memory ledger answers through its synchronous protocol', async () => {
    const ledger = new InMemoryLedger({ clock: TEST_CLOCK });
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)], ledger });
    const spies = {
      begin: vi.spyOn(governor, 'begin'),
      reserve: vi.spyOn(ledger, 'reserve'),
      settle: vi.spyOn(ledger, 'settle'),
    };
    const { model } = governedModel(governor, async () => {
      // The reservation is in place before the provider is called.
      expect(await budgetState(governor)).toEqual({ consumed: 0, reserved: 108 });
      return generateResult('Hi there!', sdkUsage(8, 4));
    });
    await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    expect(spies.begin).toHaveBeenCalledOnce();
    expect([spies.reserve, spies.settle].map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
    expect(await budgetState(governor)).toEqual({ consumed: 12, reserved: 0 });
    await compliantSpans();
  });
});

describe('generateText: warned and refused', () => {
  it('lets a call over a warn-only budget through with a WARNING', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(50, { onExceed: 'warn' })] });
    const { inner, model } = governedModel(governor, async () =>
      generateResult('Hi there!', sdkUsage(8, 4)),
    );
    await expect(
      generateText({ model, prompt: 'Hello', maxOutputTokens: 100 }),
    ).resolves.toMatchObject({
      text: 'Hi there!',
    });
    await governor.flush();
    expect(inner.doGenerateCalls).toHaveLength(1);
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.policy.result': 'WARNING',
      'genops.policy.reason_code': 'BUDGET_RESERVATION_FAILED',
      'genops.accounting.reserved': 108,
      'genops.accounting.actual': 12,
    });
    expect(await budgetState(governor)).toEqual({ consumed: 12, reserved: 0 });
  });

  it('refuses a call that does not fit the budget: GenOpsPolicyError, the model is never called', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(50)] });
    const { inner, model } = governedModel(governor, async () =>
      generateResult('never', sdkUsage(8, 4)),
    );
    const error = await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      reasonCode: 'BUDGET_RESERVATION_FAILED',
      budgetName: 'support-monthly',
      isRetryable: false,
    });
    expect(inner.doGenerateCalls).toHaveLength(0);
    await governor.flush();
    expect(summarize(await compliantSpans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.environment": "production",
            "genops.operation.name": "chat gpt-4o",
            "genops.operation.type": "inference",
            "genops.policy.name": "support-monthly",
            "genops.policy.reason": "budget support-monthly (2026-11) has 50 tokens left, 108 needed",
            "genops.policy.reason_code": "BUDGET_RESERVATION_FAILED",
            "genops.policy.result": "BLOCKED",
            "genops.project": "helpdesk-bot",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genopsjs.awu.outcome": "refused",
          },
          "events": [
            {
              "attributes": {
                "genops.budget.name": "support-monthly",
                "genops.policy.name": "support-monthly",
                "genops.policy.reason": "budget support-monthly (2026-11) has 50 tokens left, 108 needed",
                "genops.policy.reason_code": "BUDGET_RESERVATION_FAILED",
                "genops.policy.result": "BLOCKED",
              },
              "name": "genops.policy.evaluated",
            },
          ],
          "name": "chat gpt-4o",
          "parent": null,
          "status": 0,
        },
      ]
    `);
    expect(await budgetState(governor)).toEqual({ consumed: 0, reserved: 0 });
  });

  it('refuses a denied model with POLICY_DENY_MODEL', async () => {
    const governor = createTestGovernor({ policies: [denyModel('gpt-4o')] });
    const { inner, model } = governedModel(governor, async () =>
      generateResult('never', sdkUsage(8, 4)),
    );
    await expect(generateText({ model, prompt: 'Hello' })).rejects.toMatchObject({
      name: 'GenOpsPolicyError',
      reasonCode: 'POLICY_DENY_MODEL',
      policyName: 'approved-models',
    });
    expect(inner.doGenerateCalls).toHaveLength(0);
    const [span] = await compliantSpans();
    expect(span?.attributes).toMatchObject({
      'genops.policy.result': 'BLOCKED',
      'genops.policy.reason_code': 'POLICY_DENY_MODEL',
      'genopsjs.awu.outcome': 'refused',
    });
    expect(span?.attributes['genops.accounting.reserved']).toBeUndefined();
  });

  it('rate-limits the second call of a burst of one with RATE_LIMITED and retryAfterMs', async () => {
    const governor = createTestGovernor({ policies: [requestRate(60, 1)] });
    const { inner, model } = governedModel(governor, async () =>
      generateResult('Hi there!', sdkUsage(8, 4)),
    );
    await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 });
    const error = await generateText({ model, prompt: 'Hello', maxOutputTokens: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      name: 'GenOpsPolicyError',
      reasonCode: 'RATE_LIMITED',
      retryAfterMs: 1000,
    });
    expect((error as GenOpsPolicyError).decision.result).toBe('RATE_LIMITED');
    expect(inner.doGenerateCalls).toHaveLength(1);
    await governor.flush();
    const spans = await compliantSpans();
    expect(spans.map((span) => span.attributes['genops.policy.result'])).toEqual([
      'ALLOWED',
      'RATE_LIMITED',
    ]);
  });
});

describe('generateText: provider errors and retries', () => {
  const serverError = (message: string) =>
    new APICallError({
      message,
      url: 'https://api.example.test/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 500,
      responseHeaders: { 'retry-after-ms': '0' },
      isRetryable: true,
    });

  it('reconciles a failed call with the counted prompt, marks the span as an error and rethrows the original error', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    const failure = new APICallError({
      message: 'invalid request',
      url: 'https://api.example.test/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 400,
    });
    const { model } = governedModel(governor, async () => {
      throw failure;
    });
    await expect(generateText({ model, prompt: 'Hello', maxOutputTokens: 100 })).rejects.toBe(
      failure,
    );
    await governor.flush();
    expect(summarize(await compliantSpans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.accounting.actual": 8,
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
            "genopsjs.accounting.incomplete": true,
            "genopsjs.awu.outcome": "failed",
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
                "genops.accounting.actual": 8,
                "genops.accounting.reconciliation_delta": -100,
                "genops.accounting.reserved": 108,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-monthly",
                "genopsjs.accounting.incomplete": true,
              },
              "name": "genops.budget.reconciliation",
            },
            {
              "attributes": {
                "exception.message": "invalid request",
                "exception.stacktrace": "<stack>",
                "exception.type": "AI_APICallError",
              },
              "name": "exception",
            },
          ],
          "name": "chat gpt-4o",
          "parent": null,
          "status": 2,
        },
      ]
    `);
    expect(await budgetState(governor)).toEqual({ consumed: 8, reserved: 0 });
  });

  it('makes each retry attempt its own AWU, every one reconciled', async () => {
    const governor = createTestGovernor({ budgets: [monthlyBudget(10_000)] });
    let attempt = 0;
    const { inner, model } = governedModel(governor, async () => {
      attempt++;
      if (attempt < 3) throw serverError(`overloaded (${attempt})`);
      return generateResult('Hi there!', sdkUsage(8, 4));
    });
    const result = await generateText({
      model,
      prompt: 'Hello',
      maxOutputTokens: 100,
      maxRetries: 2,
    });
    expect(result.text).toBe('Hi there!');
    expect(inner.doGenerateCalls).toHaveLength(3);
    await governor.flush();
    const spans = await compliantSpans();
    expect(
      spans.map((span) => [
        span.status.code,
        span.attributes['genops.accounting.reserved'],
        span.attributes['genops.accounting.actual'],
        span.attributes['genopsjs.accounting.incomplete'],
      ]),
    ).toEqual([
      [2, 108, 8, true],
      [2, 108, 8, true],
      [0, 108, 12, undefined],
    ]);
    expect(new Set(spans.map((span) => span.spanContext().spanId)).size).toBe(3);
    expect(await budgetState(governor)).toEqual({ consumed: 28, reserved: 0 });
  });

  it('stops retrying when governance refuses an attempt (a refusal is never retryable)', async () => {
    const governor = createTestGovernor({ policies: [requestRate(60, 1)] });
    const { inner, model } = governedModel(governor, async () => {
      throw serverError('overloaded');
    });
    const error = await generateText({ model, prompt: 'Hello', maxRetries: 5 }).catch(
      (caught: unknown) => caught,
    );
    // The SDK reports the sequence: the provider error, then the refusal that ended it.
    expect(error).toMatchObject({ name: 'AI_RetryError', reason: 'errorNotRetryable' });
    const { errors } = error as { errors: unknown[] };
    expect(errors).toHaveLength(2);
    expect(GenOpsPolicyError.isInstance(errors[1])).toBe(true);
    expect(inner.doGenerateCalls).toHaveLength(1);
    await governor.flush();
    const spans = await compliantSpans();
    expect(spans.map((span) => span.attributes['genops.policy.result'])).toEqual([
      'ALLOWED',
      'RATE_LIMITED',
    ]);
  });
});
