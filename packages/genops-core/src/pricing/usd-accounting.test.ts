import { describe, expect, it } from 'vitest';
import {
  call,
  compliantSpans,
  decisions,
  governorFor,
  manualClock,
  runCall,
  summaries,
  useTelemetry,
} from '../policies/test-support/policy-test-kit.js';

const telemetry = useTelemetry();
const clock = manualClock();

/** gpt-4o in the default table: $2.50 input, $1.25 cached input, $10 output per million tokens. */
const gpt4o = { ...call, inputTokens: 1000, maxOutputTokens: 500 };
const usage = {
  inputTokens: 1000,
  cachedInputTokens: 600,
  outputTokens: 300,
  reasoningTokens: 100,
};

describe("unit: 'USD'", () => {
  it('reserves and reconciles in dollars and emits genops.cost.calculated', async () => {
    const governor = governorFor({
      clock,
      unit: 'USD',
      budgets: [{ name: 'monthly-usd', limit: 10, unit: 'USD', period: 'month' }],
    });
    expect(governor.unit).toBe('USD');
    // reserved: 1,000 × 2.5 + 500 × 10 = 7,500 → $0.0075
    expect(governor.estimate(gpt4o)).toEqual({
      inputTokens: 1000,
      outputTokens: 500,
      amount: 0.0075,
      unit: 'USD',
    });
    expect(await runCall(governor, gpt4o, usage)).toBeUndefined();
    await governor.flush();
    // actual: 400 × 2.5 + 600 × 1.25 + 200 × 10 + 100 × 10 = 4,750 → $0.00475
    expect(await governor.snapshot('monthly-usd')).toMatchObject({
      consumed: 0.00475,
      reserved: 0,
      remaining: 9.99525,
    });
    const [span] = await summaries(telemetry);
    expect(span).toMatchInlineSnapshot(`
      {
        "attributes": {
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-4o",
          "genops.accounting.actual": 0.00475,
          "genops.accounting.reserved": 0.0075,
          "genops.accounting.unit": "USD",
          "genops.budget.name": "monthly-usd",
          "genops.cost.currency": "USD",
          "genops.cost.total": 0.00475,
          "genops.customer_id": "acme",
          "genops.environment": "production",
          "genops.operation.name": "chat gpt-4o",
          "genops.operation.type": "inference",
          "genops.policy.result": "ALLOWED",
          "genops.project": "helpdesk-bot",
          "genops.spec.version": "0.1.0",
          "genops.team": "support",
          "genops.tokens.input": 1000,
          "genops.tokens.output": 300,
          "genopsjs.awu.outcome": "succeeded",
        },
        "events": [
          {
            "attributes": {
              "genops.policy.name": "monthly-usd",
              "genops.policy.result": "ALLOWED",
            },
            "name": "genops.policy.evaluated",
          },
          {
            "attributes": {
              "genops.accounting.reserved": 0.0075,
              "genops.accounting.unit": "USD",
              "genops.budget.name": "monthly-usd",
              "genops.budget.period": "2026-11",
              "genops.budget.remaining": 9.9925,
            },
            "name": "genops.budget.reservation",
          },
          {
            "attributes": {
              "genops.accounting.actual": 0.00475,
              "genops.accounting.reconciliation_delta": -0.00275,
              "genops.accounting.reserved": 0.0075,
              "genops.accounting.unit": "USD",
              "genops.budget.name": "monthly-usd",
            },
            "name": "genops.budget.reconciliation",
          },
          {
            "attributes": {
              "genops.cost.currency": "USD",
              "genops.cost.model": "gpt-4o",
              "genops.cost.provider": "openai",
              "genops.cost.total": 0.00475,
            },
            "name": "genops.cost.calculated",
          },
        ],
        "name": "chat gpt-4o",
        "parent": null,
        "status": 0,
      }
    `);
  });

  it('prices cache writes and reasoning with user prices that override the table', async () => {
    const governor = governorFor({
      clock,
      unit: 'USD',
      pricing: {
        models: {
          'openai:o4-mini': {
            inputPerMillion: 1.1,
            cacheReadPerMillion: 0.275,
            outputPerMillion: 4.4,
            reasoningPerMillion: 8,
          },
          'claude-*': {
            inputPerMillion: 3,
            cacheReadPerMillion: 0.3,
            cacheWritePerMillion: 3.75,
            outputPerMillion: 15,
          },
        },
      },
    });
    await runCall(
      governor,
      { ...call, model: 'o4-mini', inputTokens: 2000, maxOutputTokens: 2000 },
      { inputTokens: 2000, cachedInputTokens: 1000, outputTokens: 1500, reasoningTokens: 1000 },
    );
    await runCall(
      governor,
      {
        ...call,
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        inputTokens: 10_000,
        maxOutputTokens: 1000,
      },
      {
        inputTokens: 10_000,
        cachedInputTokens: 2000,
        cacheWriteInputTokens: 5000,
        outputTokens: 800,
      },
    );
    await governor.flush();
    const spans = await compliantSpans(telemetry);
    const accounting = spans.map((span) => [
      span.attributes['genops.accounting.reserved'],
      span.attributes['genops.accounting.actual'],
      span.attributes['genops.cost.total'],
    ]);
    expect(accounting).toEqual([
      // reserved 2,000 × 1.1 + 2,000 × 8 (the cap at the higher reasoning price) = 18,200;
      // actual 1,000 × 1.1 + 1,000 × 0.275 + 500 × 4.4 + 1,000 × 8 = 11,575
      [0.0182, 0.011575, 0.011575],
      // reserved 10,000 × 3 + 1,000 × 15 = 45,000;
      // actual 3,000 × 3 + 2,000 × 0.3 + 5,000 × 3.75 + 800 × 15 = 40,350
      [0.045, 0.04035, 0.04035],
    ]);
  });

  it('refuses a model without a price with x_price_unknown, naming the model', async () => {
    const governor = governorFor({ clock, unit: 'USD' });
    const refusal = await runCall(governor, { ...call, model: 'gpt-unreleased' });
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'x_price_unknown',
      policyName: 'pricing',
      reason:
        'no USD price is known for openai:gpt-unreleased; add it to `pricing.models` or set `pricing.fallback`',
    });
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span)).toHaveLength(1);
  });

  it('prices unknown models at the fallback price when one is configured', async () => {
    const governor = governorFor({
      clock,
      unit: 'USD',
      pricing: { fallback: { inputPerMillion: 5, outputPerMillion: 20 } },
    });
    // reserved 100 × 5 + 50 × 20 = 1,500; actual 100 × 5 + 40 × 20 = 1,300
    expect(await runCall(governor, { ...call, provider: 'acme', model: 'llm-1' })).toBeUndefined();
    await governor.flush();
    const [span] = await compliantSpans(telemetry);
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': 0.0015,
      'genops.accounting.actual': 0.0013,
      'genops.cost.total': 0.0013,
      'gen_ai.provider.name': 'acme',
      'gen_ai.request.model': 'llm-1',
    });
    // Who priced it is on the cost event (the span names provider and model once, as gen_ai.*).
    expect(
      span?.events.find((event) => event.name === 'genops.cost.calculated')?.attributes,
    ).toMatchObject({
      'genops.cost.total': 0.0013,
      'genops.cost.provider': 'acme',
      'genops.cost.model': 'llm-1',
    });
  });

  it('without the default table, only user prices count', async () => {
    const governor = governorFor({
      clock,
      unit: 'USD',
      pricing: {
        defaults: false,
        models: { 'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 } },
      },
    });
    expect((await runCall(governor, call))?.decision.reasonCode).toBe('x_price_unknown');
    expect(await runCall(governor, { ...call, model: 'gpt-4o-mini' })).toBeUndefined();
    await governor.flush();
    await summaries(telemetry);
  });

  it('in shadow mode an unpriced model proceeds with 0 amounts, flagged incomplete', async () => {
    const governor = governorFor({ clock, unit: 'USD', mode: 'shadow' });
    expect(await runCall(governor, { ...call, model: 'gpt-unreleased' })).toBeUndefined();
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(span?.attributes).toMatchObject({
      'genops.policy.result': 'WARNING',
      'genops.policy.reason_code': 'x_price_unknown',
      'genopsjs.policy.shadowed': true,
      'genops.accounting.reserved': 0,
      'genops.accounting.actual': 0,
      'genopsjs.accounting.incomplete': true,
    });
    expect(span?.attributes['genops.cost.total']).toBeUndefined();
  });

  it('AWUs without a model (tools) measure $0 and are not refused', async () => {
    const governor = governorFor({ clock, unit: 'USD' });
    await governor.execute(
      { operation: { name: 'search', type: 'tool' }, inputTokens: 0 },
      async () => ({ value: 1 }),
    );
    await governor.flush();
    const [span] = await compliantSpans(telemetry);
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': 0,
      'genops.accounting.actual': 0,
    });
    expect(span?.events.map((event) => event.name)).not.toContain('genops.cost.calculated');
  });

  it('a settle without usage reconciles the prompt at the input price, flagged incomplete', async () => {
    const governor = governorFor({ clock, unit: 'USD' });
    const awu = await governor.begin(gpt4o);
    await awu.settle();
    await governor.flush();
    const [span] = await compliantSpans(telemetry);
    // 1,000 × 2.5 = 2,500 → $0.0025
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': 0.0025,
      'genops.cost.total': 0.0025,
      'genopsjs.accounting.incomplete': true,
    });
  });
});

describe("pricing with unit: 'tokens'", () => {
  it('keeps token accounting and adds genops.cost.* telemetry for priced models only', async () => {
    const governor = governorFor({ clock, pricing: {} });
    expect(await runCall(governor, gpt4o, usage)).toBeUndefined();
    expect(await runCall(governor, { ...gpt4o, model: 'gpt-unreleased' }, usage)).toBeUndefined();
    await governor.flush();
    const [priced, unpriced] = await compliantSpans(telemetry);
    expect(priced?.attributes).toMatchObject({
      'genops.accounting.unit': 'tokens',
      'genops.accounting.reserved': 1500,
      'genops.accounting.actual': 1300,
      'genops.cost.total': 0.00475,
      'genops.cost.currency': 'USD',
    });
    expect(
      priced?.events.find((event) => event.name === 'genops.cost.calculated')?.attributes,
    ).toEqual({
      'genops.cost.total': 0.00475,
      'genops.cost.currency': 'USD',
      'genops.cost.provider': 'openai',
      'genops.cost.model': 'gpt-4o',
    });
    expect(unpriced?.attributes['genops.cost.total']).toBeUndefined();
    expect(unpriced?.attributes['genopsjs.accounting.incomplete']).toBeUndefined();
  });
});
