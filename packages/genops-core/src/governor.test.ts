import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createTestTelemetry, summarizeSpans } from '@genops/testing';
import {
  context,
  INVALID_SPAN_CONTEXT,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { AwuRequest } from './awu-request.js';
import type { BudgetOptions } from './budget-options.js';
import { GenOpsInputError } from './errors/genops-input-error.js';
import { GenOpsPolicyError } from './errors/genops-policy-error.js';
import { createGovernor, type GovernorOptions } from './governor.js';
import { InMemoryLedger } from './ledger/in-memory-ledger.js';
import type { Ledger, ReserveRequest, ReserveResult } from './ledger/ledger.js';
import { definePolicy } from './policies/define-policy.js';

const telemetry = createTestTelemetry();
afterEach(() => telemetry.reset());
afterAll(() => telemetry.shutdown());

const attribution = { team: 'support', project: 'helpdesk-bot', environment: 'production' };
const clock = { nowMs: () => Date.UTC(2026, 10, 21, 12) };

function governorWith(budgets: BudgetOptions[], extra: Partial<GovernorOptions> = {}) {
  return createGovernor({ attribution, budgets, clock, ...extra });
}

/** 8 input tokens (`Hello` as one user message) + 100 output tokens reserved. */
const request: AwuRequest = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  attribution: { customer_id: 'acme', feature: 'chat' },
  provider: 'openai',
  model: 'gpt-4o',
  input: { messages: [{ role: 'user', content: 'Hello' }] },
  maxOutputTokens: 100,
};

/**
 * A ledger of another make, as a user might write: the in-memory ledger behind it, its reservation
 * answers passed through `reserve` (it gets the in-memory answer, or the request to answer itself).
 */
function ledgerReserving(
  reserve: (request: ReserveRequest, inner: InMemoryLedger) => Promise<ReserveResult>,
): Ledger {
  const inner = new InMemoryLedger({ clock });
  return {
    reserve: (request) => reserve(request, inner),
    settle: (settle) => inner.settle(settle),
    release: (awuId) => inner.release(awuId),
    renew: (awuId, leaseMs) => inner.renew(awuId, leaseMs),
    snapshot: (budget, key) => inner.snapshot(budget, key),
  };
}

async function spans() {
  const finished = await telemetry.spans();
  expectGenOpsCompliant(finished);
  return finished;
}

describe('execute: allowed, reserved, reconciled', () => {
  it('emits the decision, the reservation and the reconciliation on one AWU span', async () => {
    const governor = governorWith([
      { name: 'support-monthly', scope: { team: 'support' }, limit: 10_000, period: 'month' },
    ]);
    const run = vi.fn(async () => ({ value: 'hi', usage: { inputTokens: 8, outputTokens: 30 } }));
    await expect(governor.execute(request, run)).resolves.toBe('hi');
    await governor.flush();
    expect(run).toHaveBeenCalledOnce();
    expect(summarizeSpans(await spans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.accounting.actual": 38,
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
            "genops.tokens.output": 30,
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
                "genops.accounting.actual": 38,
                "genops.accounting.reconciliation_delta": -70,
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
    expect(await governor.snapshot('support-monthly')).toMatchObject({
      consumed: 38,
      reserved: 0,
      remaining: 9_962,
      periodId: '2026-11',
    });
  });

  it('runs the work inside the AWU span so provider spans nest under it', async () => {
    const governor = governorWith([]);
    let inner: string | undefined;
    await governor.execute(request, async (awu) => {
      inner = trace.getSpan(context.active())?.spanContext().spanId;
      expect(awu.spanContext.spanId).toBe(inner);
      return { value: null };
    });
    await governor.flush();
    const [span] = await spans();
    expect(span?.spanContext().spanId).toBe(inner);
  });

  it('settles without usage at the counted input and flags the record incomplete', async () => {
    const governor = governorWith([]);
    await governor.execute(request, async () => ({ value: 1 }));
    await governor.flush();
    const [span] = await spans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': 108,
      'genops.accounting.actual': 8,
      'genopsjs.accounting.incomplete': true,
    });
  });
});

describe('refusals', () => {
  it('BLOCKED BUDGET_EXCEEDED when nothing is left: the function is never called, only the decision is emitted', async () => {
    const governor = governorWith([{ name: 'tiny', limit: 0, period: 'day' }]);
    const run = vi.fn(async () => ({ value: 1 }));
    const error = await governor.execute(request, run).catch((e: unknown) => e);
    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      reasonCode: 'BUDGET_EXCEEDED',
      policyName: 'tiny',
      budgetName: 'tiny',
      isRetryable: false,
      decision: { result: 'BLOCKED', proceeds: false },
    });
    expect(run).not.toHaveBeenCalled();
    expect(summarizeSpans(await spans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.customer_id": "acme",
            "genops.environment": "production",
            "genops.feature": "chat",
            "genops.operation.name": "chat gpt-4o",
            "genops.operation.type": "inference",
            "genops.policy.name": "tiny",
            "genops.policy.reason": "budget tiny (2026-11-21) has nothing left of 0 tokens",
            "genops.policy.reason_code": "BUDGET_EXCEEDED",
            "genops.policy.result": "BLOCKED",
            "genops.project": "helpdesk-bot",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genopsjs.awu.outcome": "refused",
          },
          "events": [
            {
              "attributes": {
                "genops.budget.name": "tiny",
                "genops.policy.name": "tiny",
                "genops.policy.reason": "budget tiny (2026-11-21) has nothing left of 0 tokens",
                "genops.policy.reason_code": "BUDGET_EXCEEDED",
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
  });

  it('BLOCKED BUDGET_RESERVATION_FAILED when the reservation does not fit what is left', async () => {
    const governor = governorWith([{ name: 'small', limit: 50, period: 'total' }]);
    const awu = await governor.begin(request);
    expect(awu.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'BUDGET_RESERVATION_FAILED',
      budgetName: 'small',
    });
    expect(awu.state).toBe('refused');
    const [span] = await spans();
    expect(span?.attributes['genops.accounting.reserved']).toBeUndefined();
    expect(span?.events.map((event) => event.name)).toEqual(['genops.policy.evaluated']);
  });

  it("WARNING with the same reason code under onExceed: 'warn', and the AWU proceeds", async () => {
    const governor = governorWith([{ name: 'soft', limit: 50, period: 'total', onExceed: 'warn' }]);
    const awu = await governor.begin(request);
    expect(awu.decision).toMatchObject({
      result: 'WARNING',
      reasonCode: 'BUDGET_RESERVATION_FAILED',
      proceeds: true,
      shadowed: false,
    });
    await awu.settle({ usage: { inputTokens: 8, outputTokens: 10 } });
    expect(await governor.snapshot('soft')).toMatchObject({
      consumed: 18,
      reserved: 0,
      remaining: 32,
    });
    const [span] = await spans();
    expect(span?.attributes).toMatchObject({
      'genops.policy.result': 'WARNING',
      'genops.policy.reason_code': 'BUDGET_RESERVATION_FAILED',
    });
  });

  it('a budget scoped to a team and each customer applies to that team only, one instance per customer', async () => {
    const governor = governorWith([
      {
        name: 'support-customers',
        scope: { team: 'support', customer_id: '*' },
        limit: 1_000,
        period: 'day',
      },
    ]);
    const support = await governor.begin(request);
    const billing = await governor.begin({
      ...request,
      attribution: { team: 'billing', customer_id: 'acme' },
    });
    const other = await governor.begin({ ...request, attribution: { customer_id: 'globex' } });
    expect(support.decision.evaluations.map((e) => e.policyName)).toEqual(['support-customers']);
    expect(billing.decision.evaluations.map((e) => e.policyName)).toEqual(['no-applicable-policy']);
    expect(await governor.snapshot('support-customers', { customer_id: 'acme' })).toMatchObject({
      key: 'support-customers|customer_id=acme',
      reserved: 108,
    });
    expect(await governor.snapshot('support-customers', { customer_id: 'globex' })).toMatchObject({
      key: 'support-customers|customer_id=globex',
      reserved: 108,
    });
    for (const awu of [support, billing, other]) await awu.settle();
    await spans();
  });

  it('a ledger answer that reserves yet refuses a budget is a refusal that gives everything back', async () => {
    // Contradicts itself once: it reserves, then reports the budget as not fitting.
    let contradict = true;
    const ledger = ledgerReserving(async (request, inner) => {
      const result = await inner.reserve(request);
      if (!contradict) return result;
      contradict = false;
      return {
        ...result,
        budgets: result.budgets.map((position) => ({ ...position, fits: false })),
      };
    });
    const governor = governorWith([{ name: 'b', limit: 10_000, period: 'month' }], { ledger });
    const agent = await governor.begin({
      operation: { name: 'agent helpdesk', type: 'agent' },
      runLimit: 300,
    });
    const refused = await governor.begin({ ...request, parent: agent });
    expect(refused.decision).toMatchObject({ result: 'BLOCKED', budgetName: 'b' });
    await governor.flush();
    expect(await governor.snapshot('b')).toMatchObject({ reserved: 0, consumed: 0 });
    // The agent's limit has all of its 300 again: 208 fits.
    const next = await governor.begin({ ...request, maxOutputTokens: 200, parent: agent });
    expect(next.decision.result).toBe('ALLOWED');
    await next.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    await agent.settle();
    await governor.flush();
    await spans();
  });

  it('is all-or-nothing across budgets: one that does not fit reserves nothing anywhere', async () => {
    const governor = governorWith([
      { name: 'team', scope: { team: 'support' }, limit: 10_000, period: 'month' },
      { name: 'per-customer', scope: { customer_id: '*' }, limit: 150, period: 'day' },
    ]);
    const first = await governor.begin(request);
    expect(first.decision.result).toBe('ALLOWED');
    const second = await governor.begin(request);
    expect(second.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'BUDGET_RESERVATION_FAILED',
      budgetName: 'per-customer',
    });
    expect(await governor.snapshot('team')).toMatchObject({ reserved: 108 });
    expect(await governor.snapshot('per-customer', { customer_id: 'acme' })).toMatchObject({
      key: 'per-customer|customer_id=acme',
      reserved: 108,
    });
    await first.abandon();
    expect(await governor.snapshot('team')).toMatchObject({ reserved: 0, consumed: 0 });
    await spans();
  });
});

describe('failure and abandonment', () => {
  it('fail() reconciles with the best data, marks the record incomplete and the span as an error', async () => {
    const governor = governorWith([{ name: 'b', limit: 1000, period: 'month' }]);
    const boom = new Error('upstream 500');
    await expect(
      governor.execute(request, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await governor.flush();
    expect(summarizeSpans(await spans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.accounting.actual": 8,
            "genops.accounting.reserved": 108,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "b",
            "genops.customer_id": "acme",
            "genops.environment": "production",
            "genops.feature": "chat",
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
                "genops.policy.name": "b",
                "genops.policy.result": "ALLOWED",
              },
              "name": "genops.policy.evaluated",
            },
            {
              "attributes": {
                "genops.accounting.reserved": 108,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "b",
                "genops.budget.period": "2026-11",
                "genops.budget.remaining": 892,
              },
              "name": "genops.budget.reservation",
            },
            {
              "attributes": {
                "genops.accounting.actual": 8,
                "genops.accounting.reconciliation_delta": -100,
                "genops.accounting.reserved": 108,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "b",
                "genopsjs.accounting.incomplete": true,
              },
              "name": "genops.budget.reconciliation",
            },
            {
              "attributes": {
                "exception.message": "upstream 500",
                "exception.stacktrace": "<volatile>",
                "exception.type": "Error",
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
    expect(await governor.snapshot('b')).toMatchObject({ consumed: 8, reserved: 0 });
  });

  it('fail() with known usage reconciles with it', async () => {
    const governor = governorWith([]);
    const awu = await governor.begin(request);
    await awu.fail(new Error('stream cut'), { usage: { inputTokens: 8, outputTokens: 12 } });
    const [span] = await spans();
    expect(span?.attributes).toMatchObject({
      'genops.accounting.actual': 20,
      'genopsjs.accounting.incomplete': true,
    });
  });

  it('abandon() releases the reservation and never emits a reconciliation', async () => {
    const governor = governorWith([{ name: 'b', limit: 1000, period: 'month' }]);
    const awu = await governor.begin(request);
    expect(await governor.snapshot('b')).toMatchObject({ reserved: 108 });
    await awu.abandon();
    await awu.settle({ usage: { inputTokens: 1 } }); // ignored: the AWU is over
    expect(await governor.snapshot('b')).toMatchObject({ reserved: 0, consumed: 0 });
    expect(summarizeSpans(await spans())).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "genops.accounting.reserved": 108,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "b",
            "genops.customer_id": "acme",
            "genops.environment": "production",
            "genops.feature": "chat",
            "genops.operation.name": "chat gpt-4o",
            "genops.operation.type": "inference",
            "genops.policy.result": "ALLOWED",
            "genops.project": "helpdesk-bot",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genopsjs.awu.outcome": "abandoned",
          },
          "events": [
            {
              "attributes": {
                "genops.policy.name": "b",
                "genops.policy.result": "ALLOWED",
              },
              "name": "genops.policy.evaluated",
            },
            {
              "attributes": {
                "genops.accounting.reserved": 108,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "b",
                "genops.budget.period": "2026-11",
                "genops.budget.remaining": 892,
              },
              "name": "genops.budget.reservation",
            },
          ],
          "name": "chat gpt-4o",
          "parent": null,
          "status": 0,
        },
      ]
    `);
  });

  it('settling twice counts once', async () => {
    const governor = governorWith([{ name: 'b', limit: 1000, period: 'month' }]);
    const awu = await governor.begin(request);
    await awu.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    await awu.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    expect(await governor.snapshot('b')).toMatchObject({ consumed: 10, reserved: 0 });
    await spans();
  });
});

describe('alerts', () => {
  /** Each `genops.budget.alert` event once the governor flushed: [its `attribute`, its threshold]. */
  async function alerts(governor: ReturnType<typeof governorWith>, attribute: string) {
    await governor.flush();
    return (await spans())
      .flatMap((span) => span.events.filter((event) => event.name === 'genops.budget.alert'))
      .map((alert) => [
        alert.attributes?.[attribute],
        alert.attributes?.['genopsjs.budget.alert_threshold'],
      ]);
  }

  it('emits genops.budget.alert once per threshold crossing per period', async () => {
    const governor = governorWith([
      { name: 'b', limit: 1000, period: 'month', alertAt: [0.5, 0.8] },
    ]);
    const usage = { inputTokens: 8, outputTokens: 292 }; // 300 per call
    for (let i = 0; i < 3; i++) {
      await governor.execute({ ...request, maxOutputTokens: 292 }, async () => ({
        value: i,
        usage,
      }));
    }
    // Already past the 0.8 line: no second alert for it.
    await governor.execute({ ...request, maxOutputTokens: 42 }, async () => ({
      value: 3,
      usage: { inputTokens: 8, outputTokens: 42 },
    }));
    expect(await alerts(governor, 'genops.budget.consumed')).toEqual([
      [600, 0.5],
      [900, 0.8],
    ]);
  });

  it('alerts each budget at its own thresholds, whatever the order of the ledger answer', async () => {
    // A ledger that answers positions in reverse order: thresholds follow the budget, not the index.
    const reversing = ledgerReserving(async (request, inner) => {
      const result = await inner.reserve(request);
      return { ...result, budgets: [...result.budgets].reverse() };
    });
    const governor = governorWith(
      [
        { name: 'small', limit: 200, period: 'month', alertAt: [0.5] },
        { name: 'large', limit: 10_000, period: 'month', alertAt: [0.9] },
      ],
      { ledger: reversing },
    );
    await governor.execute(request, async () => ({
      value: 'hi',
      usage: { inputTokens: 8, outputTokens: 100 },
    }));
    expect(await alerts(governor, 'genops.budget.name')).toEqual([['small', 0.5]]);
  });
});

describe('events as log records', () => {
  it("events: 'log' emits the three events as OpenTelemetry log records correlated to the AWU span", async () => {
    const governor = governorWith([], { events: 'log', loggerProvider: telemetry.loggerProvider });
    await governor.execute(request, async () => ({
      value: 1,
      usage: { inputTokens: 8, outputTokens: 1 },
    }));
    await governor.flush();
    const [span] = await telemetry.spans();
    const records = await telemetry.logs();
    expect(span?.events).toEqual([]);
    expect(records.map((record) => record.eventName)).toEqual([
      'genops.policy.evaluated',
      'genops.budget.reservation',
      'genops.budget.reconciliation',
    ]);
    for (const record of records)
      expect(record.spanContext?.spanId).toBe(span?.spanContext().spanId);
    expectGenOpsCompliant({ spans: [span!], logs: records });
  });

  it('a log record processor that throws is reported, never thrown: the call proceeds and settles', async () => {
    const failing = new LoggerProvider({
      processors: [
        {
          onEmit: () => {
            throw new Error('exporter queue full');
          },
          forceFlush: () => Promise.resolve(),
          shutdown: () => Promise.resolve(),
        },
      ],
    });
    const onError = vi.fn();
    const governor = governorWith([{ name: 'b', limit: 10_000, period: 'total' }], {
      events: 'log',
      loggerProvider: failing,
      onError,
    });
    const value = await governor.execute(request, async () => ({
      value: 'answered',
      usage: { inputTokens: 8, outputTokens: 1 },
    }));
    expect(value).toBe('answered');
    expect(await governor.snapshot('b')).toMatchObject({ consumed: 9, reserved: 0 });
    expect(onError.mock.calls.map(([, info]) => info.phase)).toEqual([
      'telemetry',
      'telemetry',
      'telemetry',
    ]);
    expect(await telemetry.spans()).toHaveLength(1);
  });
});

describe('attribution and identity', () => {
  it('freezes attribution at begin', async () => {
    const governor = governorWith([]);
    const awu = await governor.begin(request);
    expect(Object.isFrozen(awu.attribution)).toBe(true);
    expect(() => {
      (awu.attribution as { team: string }).team = 'other';
    }).toThrow(TypeError);
    await awu.settle();
    await spans();
  });

  it('gives every AWU a new identity', async () => {
    const governor = governorWith([]);
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await governor.begin(request)).id);
    expect(ids.size).toBe(50);
  });
});

describe('runs (chains and agents)', () => {
  it('a run limit is reserved up front, drawn on by children and reconciled with their sum', async () => {
    const governor = governorWith([{ name: 'b', limit: 10_000, period: 'month' }]);
    const run = await governor.begin({
      operation: { name: 'agent helpdesk', type: 'agent' },
      runLimit: 250,
    });
    expect(run.estimate.amount).toBe(250);
    const first = await governor.begin({ ...request, parent: run });
    expect(first.decision.result).toBe('ALLOWED');
    await first.settle({ usage: { inputTokens: 8, outputTokens: 92 } });
    const second = await governor.begin({ ...request, parent: run });
    expect(second.decision.result).toBe('ALLOWED');
    const third = await governor.begin({ ...request, parent: run });
    expect(third.decision).toMatchObject({
      result: 'BLOCKED',
      policyName: 'run-limit',
      reasonCode: 'BUDGET_RESERVATION_FAILED',
    });
    await second.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    await run.settle();
    await governor.flush();
    const finished = await spans();
    const runSpan = finished.find((span) => span.name === 'agent helpdesk');
    expect(runSpan?.attributes).toMatchObject({
      'genops.accounting.reserved': 250,
      'genops.accounting.actual': 110,
    });
    for (const child of finished.filter((span) => span.name === 'chat gpt-4o')) {
      expect(child.parentSpanContext?.spanId).toBe(runSpan?.spanContext().spanId);
    }
    expect(await governor.snapshot('b')).toMatchObject({ consumed: 110, reserved: 0 });
  });

  it('a refusal by an outer run limit releases what the inner run limit reserved', async () => {
    const governor = governorWith([{ name: 'b', limit: 10_000, period: 'month' }]);
    const agent = await governor.begin({
      operation: { name: 'agent helpdesk', type: 'agent' },
      runLimit: 300,
    });
    const chain = await governor.begin({
      operation: { name: 'chain lookup', type: 'chain' },
      runLimit: 300,
      parent: agent,
    });
    // Two calls of the agent itself (108 each) leave it 84: a call in the chain fits the chain's
    // limit and is refused by the agent's.
    const first = await governor.begin({ ...request, parent: agent });
    const second = await governor.begin({ ...request, parent: agent });
    const refused = await governor.begin({ ...request, parent: chain });
    expect(refused.decision).toMatchObject({
      result: 'BLOCKED',
      policyName: 'run-limit',
      budgetName: 'run-limit:agent helpdesk',
    });
    await first.settle({ usage: { inputTokens: 8, outputTokens: 0 } });
    await second.settle({ usage: { inputTokens: 8, outputTokens: 0 } });
    // The chain has all of its 300 again: 208 fits, as it does in the agent's 284.
    const next = await governor.begin({ ...request, maxOutputTokens: 200, parent: chain });
    expect(next.decision.result).toBe('ALLOWED');
    await next.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    await chain.settle();
    await agent.settle();
    await governor.flush();
    await spans();
  });
});

describe('beginEager: no scheduling when nothing must be awaited', () => {
  const budgets: BudgetOptions[] = [{ name: 'b', limit: 10_000, period: 'total' }];

  it('returns the AWU itself with the in-memory ledger and synchronous policies, and settles synchronously', async () => {
    const ledger = new InMemoryLedger({ clock });
    const reserveSync = vi.spyOn(ledger, 'reserveSync');
    const settleSync = vi.spyOn(ledger, 'settleSync');
    const reserve = vi.spyOn(ledger, 'reserve');
    const settle = vi.spyOn(ledger, 'settle');
    const governor = governorWith(budgets, { ledger });
    await governor.estimator.ready?.(request.model); // as after the model's first call
    const begun = governor.beginEager(request);
    expect(begun).not.toBeInstanceOf(Promise);
    const awu = begun as Exclude<typeof begun, Promise<unknown>>;
    expect(awu.decision.result).toBe('ALLOWED');
    expect(reserveSync).toHaveBeenCalledOnce();
    // Settled before anything is awaited: no microtask between the call and the ledger write.
    const settled = awu.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    expect(settleSync).toHaveBeenCalledOnce();
    await settled;
    expect(reserve).not.toHaveBeenCalled();
    expect(settle).not.toHaveBeenCalled();
    expect(summarizeSpans(await spans())).toHaveLength(1);
  });

  it('returns a promise when a policy answers asynchronously, and decides the same', async () => {
    const governor = governorWith(budgets, {
      policies: [
        definePolicy({ name: 'async-check', evaluate: async () => ({ result: 'ALLOWED' }) }),
      ],
    });
    const begun = governor.beginEager(request);
    expect(begun).toBeInstanceOf(Promise);
    const awu = await begun;
    expect(awu.decision.evaluations.map((evaluation) => evaluation.policyName)).toEqual([
      'async-check',
      'b',
    ]);
    expect(await governor.snapshot('b')).toMatchObject({ reserved: 108 });
    await awu.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    await spans();
  });

  it('returns a promise when the ledger has no reserveSync, and a rejected reservation fails closed', async () => {
    const ledger = ledgerReserving(() => Promise.reject(new Error('store down')));
    const onError = vi.fn();
    const governor = governorWith(budgets, { ledger, onError });
    const begun = governor.beginEager(request);
    expect(begun).toBeInstanceOf(Promise);
    const awu = await begun;
    expect(awu.decision).toMatchObject({ result: 'BLOCKED', reasonCode: 'x_ledger_unavailable' });
    expect(onError).toHaveBeenCalledOnce();
    await spans();
  });

  it('throws GenOpsInputError for a malformed request, where begin rejects with it', async () => {
    const governor = governorWith(budgets);
    const malformed = { ...request, maxOutputTokens: -1 };
    expect(() => governor.beginEager(malformed)).toThrow(GenOpsInputError);
    const begun = governor.begin(malformed);
    expect(begun).toBeInstanceOf(Promise);
    await expect(begun).rejects.toThrow(GenOpsInputError);
    expect(await governor.snapshot('b')).toBeUndefined();
  });
});

describe('no tracing SDK', () => {
  it('governs with a no-op tracer: unique ids, decisions and accounting still work', async () => {
    const governor = createGovernor({
      attribution,
      budgets: [{ name: 'b', limit: 150, period: 'total' }],
      tracerProvider: noopTracerProvider,
    });
    const first = await governor.begin(request);
    const second = await governor.begin(request);
    expect(first.id).not.toBe(second.id);
    expect(second.decision.result).toBe('BLOCKED');
    await first.settle({ usage: { inputTokens: 8, outputTokens: 2 } });
    expect(await governor.snapshot('b')).toMatchObject({ consumed: 10, reserved: 0 });
    expect(await telemetry.spans()).toEqual([]);
  });
});

const noopTracerProvider: TracerProvider = {
  getTracer: () =>
    ({
      startSpan: () => trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
    }) as unknown as Tracer,
};
