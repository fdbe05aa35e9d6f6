import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { generateText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, afterEach, expect, it } from 'vitest';
import { genopsMiddleware } from './genops-middleware.js';
import {
  createTestGovernor,
  monthlyBudget,
  takeGovernorErrors,
} from './test-support/create-test-governor.js';
import { generateResult, sdkUsage } from './test-support/mock-results.js';
import { budgetState } from './test-support/summarize.js';

const telemetry = createTestTelemetry();
afterEach(() => telemetry.reset());
afterAll(() => telemetry.shutdown());

/** `Hello` (8 input tokens) + 100 output tokens reserved; the model uses exactly that. */
const PER_CALL = 108;

it('500 concurrent generateText calls against a budget that fits 100: exactly 100 run, nothing overspent, nothing left reserved', async () => {
  const governor = createTestGovernor({ budgets: [monthlyBudget(100 * PER_CALL)] });
  let running = 0;
  let maxRunning = 0;
  const inner = new MockLanguageModelV4({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return generateResult('ok', sdkUsage(8, 100));
    },
  });
  const model = wrapLanguageModel({ model: inner, middleware: genopsMiddleware({ governor }) });

  const outcomes = await Promise.allSettled(
    Array.from({ length: 500 }, (_, index) =>
      generateText({
        model,
        prompt: 'Hello',
        maxOutputTokens: 100,
        providerOptions: { genops: { session_id: `s-${index}` } },
      }),
    ),
  );
  await governor.flush();

  const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
  const refused = outcomes.filter(
    (outcome) => outcome.status === 'rejected' && GenOpsPolicyError.isInstance(outcome.reason),
  );
  expect(fulfilled).toHaveLength(100);
  expect(refused).toHaveLength(400);
  expect(inner.doGenerateCalls).toHaveLength(100);
  expect(maxRunning).toBeGreaterThan(1);
  const state = await budgetState(governor);
  expect(state).toEqual({ consumed: 100 * PER_CALL, reserved: 0 });
  expect(state.consumed).toBeLessThanOrEqual(100 * PER_CALL);

  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  expect(spans).toHaveLength(500);
  const results = spans.map((span) => span.attributes['genops.policy.result']);
  expect(results.filter((result) => result === 'ALLOWED')).toHaveLength(100);
  expect(
    spans.filter((span) => span.attributes['genops.accounting.actual'] !== undefined),
  ).toHaveLength(100);
  expect(takeGovernorErrors()).toEqual([]);
});

it('when calls use less than they reserve, released capacity lets more run, still without overspending', async () => {
  const limit = 100 * PER_CALL;
  const governor = createTestGovernor({ budgets: [monthlyBudget(limit)] });
  const inner = new MockLanguageModelV4({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return generateResult('ok', sdkUsage(8, 20)); // 28 of the 108 reserved
    },
  });
  const model = wrapLanguageModel({ model: inner, middleware: genopsMiddleware({ governor }) });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 500 }, () =>
      generateText({ model, prompt: 'Hello', maxOutputTokens: 100 }),
    ),
  );
  await governor.flush();
  const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
  const refused = outcomes.filter(
    (outcome) => outcome.status === 'rejected' && GenOpsPolicyError.isInstance(outcome.reason),
  ).length;
  expect(fulfilled + refused).toBe(500);
  expect(fulfilled).toBeGreaterThanOrEqual(100);
  expect(inner.doGenerateCalls).toHaveLength(fulfilled);
  const state = await budgetState(governor);
  expect(state).toEqual({ consumed: fulfilled * 28, reserved: 0 });
  expect(state.consumed).toBeLessThanOrEqual(limit);
  expectGenOpsCompliant(await telemetry.spans());
  expect(takeGovernorErrors()).toEqual([]);
});
