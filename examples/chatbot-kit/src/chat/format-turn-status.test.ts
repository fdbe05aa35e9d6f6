import { describe, expect, it } from 'vitest';
import type { BudgetView } from './budget-view.js';
import { formatSummary } from './format-summary.js';
import { formatTurnStatus } from './format-turn-status.js';
import { createPaint } from './paint.js';
import type { TurnRecord } from './turn-record.js';

const paint = createPaint(false);
const budgets: BudgetView[] = [
  {
    budget: 'helpdesk-monthly',
    instance: 'project',
    periodId: '2026-11',
    limit: 1700,
    used: 1771,
    reserved: 0,
    left: -71,
    soft: true,
  },
  {
    budget: 'customer-daily',
    instance: 'acme',
    periodId: '2026-11-21',
    limit: 1200,
    used: 478,
    reserved: 0,
    left: 722,
    soft: false,
  },
];
const base: TurnRecord = {
  customerId: 'acme',
  model: 'offline-helpdesk',
  question: 'Hi',
  maxOutputTokens: 300,
  result: 'ALLOWED',
  reasonCode: undefined,
  policyName: undefined,
  budgetName: undefined,
  reason: undefined,
  retryAfterMs: undefined,
  reserved: 345,
  actual: 86,
  estimated: false,
  calls: [
    {
      result: 'ALLOWED',
      reasonCode: undefined,
      policyName: undefined,
      reason: undefined,
      refused: false,
      reserved: 345,
      actual: 86,
      estimated: false,
      http: [],
      error: undefined,
    },
  ],
  charged: 86,
  stopped: false,
  cutOff: false,
  latencyMs: 812,
  slaTargetMs: 4000,
  slaMet: true,
  alerts: [],
  error: undefined,
};
const refusedCall: TurnRecord['calls'][number] = {
  result: 'RATE_LIMITED',
  reasonCode: 'RATE_LIMITED',
  policyName: 'customer-rate-limit',
  reason: undefined,
  refused: true,
  reserved: undefined,
  actual: undefined,
  estimated: false,
  http: [],
  error: undefined,
};
const failedCall = (startedAtMs: number): TurnRecord['calls'][number] => ({
  result: 'ERROR',
  reasonCode: undefined,
  policyName: undefined,
  reason: undefined,
  refused: false,
  reserved: 345,
  actual: 45,
  estimated: true,
  http: [
    {
      request: 'POST http://127.0.0.1:8080/v1/chat/completions',
      startedAtMs,
      status: 500,
      error: 'HTTP 500 Internal Server Error: upstream crashed',
    },
  ],
  error: 'Internal Server Error',
});
const format = (record: TurnRecord) =>
  formatTurnStatus({
    record,
    budgets,
    slaTier: 'standard',
    slaTargetMs: 4000,
    paint,
    maxRetries: 1,
  });

describe('formatTurnStatus', () => {
  it('prints the status line of an answered turn, with alerts', () => {
    expect(
      format({
        ...base,
        result: 'WARNING',
        reasonCode: 'BUDGET_RESERVATION_FAILED',
        policyName: 'helpdesk-monthly',
        alerts: [{ budget: 'helpdesk-monthly', consumed: 1771, allocated: 1700, threshold: 1 }],
      }),
    ).toMatchInlineSnapshot(`
      [
        "  ⚠ WARNING BUDGET_RESERVATION_FAILED │ reserved 345 → actual 86 tokens │ left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200 │ 812 ms ✓ SLA standard ≤ 4.0 s",
        "    budget helpdesk-monthly cannot cover this call; it is a soft budget — answered anyway, flagged WARNING",
        "  🔔 budget alert: helpdesk-monthly crossed 100% — 1,771 of 1,700 tokens used (104%)",
      ]
    `);
  });

  it('explains a refusal: policy, reason, retry-after', () => {
    expect(
      format({
        ...base,
        result: 'RATE_LIMITED',
        reasonCode: 'RATE_LIMITED',
        policyName: 'customer-rate-limit',
        reason: 'over 6 requests/min for customer_id=acme (burst 3)',
        retryAfterMs: 6_712,
        reserved: undefined,
        actual: undefined,
        calls: [refusedCall],
        charged: 0,
      }),
    ).toMatchInlineSnapshot(`
      [
        "  ✗ RATE_LIMITED by customer-rate-limit │ retry in 6.7 s",
        "    over 6 requests/min for customer_id=acme (burst 3)",
        "    not sent to the model, nothing charged (left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200) — the chat goes on",
      ]
    `);
  });

  it('shows every attempt of a retried call, and never says nothing was charged when an earlier attempt was', () => {
    expect(
      format({
        ...base,
        result: 'RATE_LIMITED',
        reasonCode: 'RATE_LIMITED',
        policyName: 'customer-rate-limit',
        reason: 'over 6 requests/min for customer_id=acme (burst 3)',
        retryAfterMs: 9_000,
        reserved: undefined,
        actual: undefined,
        calls: [failedCall(1), refusedCall],
        charged: 45,
      }),
    ).toMatchInlineSnapshot(`
      [
        "  ✗ RATE_LIMITED by customer-rate-limit │ retry in 9.0 s",
        "    over 6 requests/min for customer_id=acme (burst 3)",
        "    attempt 1: HTTP 500 Internal Server Error: upstream crashed — POST http://127.0.0.1:8080/v1/chat/completions │ reserved 345 → actual ~45 tokens",
        "    attempt 2: ✗ RATE_LIMITED by customer-rate-limit — not sent to the model, nothing charged for this attempt",
        "    ~ estimated: no usage came back from the provider (the prompt is counted)",
        "    this attempt was not sent to the model; earlier attempts were charged 45 tokens (left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200) — the chat goes on",
      ]
    `);
  });

  it('labels estimates, stops, cut-offs, unknown budgets and alerts with their customer', () => {
    expect([
      ...format({ ...base, estimated: true, actual: 201 }),
      ...format({ ...base, stopped: true, estimated: true, actual: 120 }),
      ...format({ ...base, cutOff: true, maxOutputTokens: 50 }),
      ...formatTurnStatus({
        record: {
          ...base,
          result: 'BLOCKED',
          reasonCode: 'x_ledger_unavailable',
          policyName: 'ledger',
          reason: 'the ledger could not reserve; failing closed',
          calls: [],
          charged: 0,
        },
        budgets: budgets.map((budget) => ({ ...budget, unavailable: true })),
        slaTier: 'standard',
        slaTargetMs: 4000,
        paint,
        hints: ['Redis at redis://127.0.0.1:6399 is not answering — start it'],
      }),
      ...format({
        ...base,
        alerts: [{ budget: 'customer-daily', consumed: 980, allocated: 1200, threshold: 0.8 }],
      }),
    ]).toMatchInlineSnapshot(`
      [
        "  ✓ ALLOWED │ reserved 345 → actual ~201 tokens (estimated: the provider reported no usage) │ left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200 │ 812 ms ✓ SLA standard ≤ 4.0 s",
        "  ■ stopped — reserved 345 → actual ~120 tokens (estimated: counted from what streamed before the stop) │ left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200",
        "    the partial answer stays in the conversation; the provider stream was aborted",
        "  ✓ ALLOWED │ reserved 345 → actual 86 tokens │ left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200 │ 812 ms ✓ SLA standard ≤ 4.0 s",
        "    ✂ cut off at the output cap of 50 tokens — /max-tokens raises it",
        "  ✗ BLOCKED x_ledger_unavailable by ledger",
        "    the ledger could not reserve; failing closed",
        "    not sent to the model, nothing charged (left: unknown (the ledger cannot be read)) — the chat goes on",
        "    Redis at redis://127.0.0.1:6399 is not answering — start it",
        "  ✓ ALLOWED │ reserved 345 → actual 86 tokens │ left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200 │ 812 ms ✓ SLA standard ≤ 4.0 s",
        "  🔔 budget alert: customer-daily (customer acme) crossed 80% — 980 of 1,200 tokens used (82%)",
      ]
    `);
  });

  it('prints the summary table per budget and the decisions', () => {
    expect(
      formatSummary(budgets, [base, { ...base, result: 'BLOCKED' }], paint),
    ).toMatchInlineSnapshot(`
      [
        "Budgets (tokens)",
        "  budget            instance         period      limit   used  reserved  left  kind",
        "  helpdesk-monthly  (whole project)  2026-11     1,700  1,771         0   -71  soft (warns)",
        "  customer-daily    customer acme    2026-11-21  1,200    478         0   722  hard (blocks)",
        "",
        "Decisions  2 turns: 1 ALLOWED · 1 BLOCKED  (172 tokens used by 2 model calls)",
      ]
    `);
  });
});
