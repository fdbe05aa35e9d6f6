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
const format = (record: TurnRecord) =>
  formatTurnStatus({ record, budgets, slaTier: 'standard', slaTargetMs: 4000, paint });

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
      }),
    ).toMatchInlineSnapshot(`
      [
        "  ✗ RATE_LIMITED by customer-rate-limit │ retry in 6.7 s",
        "    over 6 requests/min for customer_id=acme (burst 3)",
        "    not sent to the model, nothing charged (left: helpdesk-monthly -71/1,700 (overspent), acme 722/1,200) — the chat goes on",
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
        "Decisions  2 turns: 1 ALLOWED · 1 BLOCKED  (172 tokens used)",
      ]
    `);
  });
});
