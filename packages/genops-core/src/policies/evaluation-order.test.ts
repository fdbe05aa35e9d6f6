import { describe, expect, it } from 'vitest';
import type { GovernorOptions } from '../governor-options.js';
import { contentPolicy } from './content-policy.js';
import { definePolicy } from './define-policy.js';
import { maxOutputTokens } from './max-output-tokens.js';
import { modelPolicy } from './model-policy.js';
import { rateLimit } from './rate-limit.js';
import { regionPolicy } from './region-policy.js';
import { sla } from './sla.js';
import {
  call,
  decisions,
  governorFor,
  manualClock,
  runCall,
  summaries,
  useTelemetry,
} from './test-support/policy-test-kit.js';

const telemetry = useTelemetry();

function everything(): Omit<GovernorOptions, 'attribution'> {
  return {
    budgets: [
      { name: 'monthly', limit: 1_000_000, period: 'month' },
      { name: 'per-customer', scope: { customer_id: '*' }, limit: 100_000, period: 'day' },
    ],
    policies: [
      modelPolicy({ allow: ['openai:*'] }),
      regionPolicy({ allow: ['us-*'], providerRegions: { openai: 'us-east-1' } }),
      contentPolicy({
        name: 'pii',
        rules: [{ name: 'email', pattern: '@example\\.com', action: 'warn' }],
      }),
      maxOutputTokens({ limit: 1000 }),
      rateLimit({ name: 'rpm', requestsPerMinute: 600 }),
      rateLimit({ name: 'tpm', scope: { customer_id: '*' }, tokensPerMinute: 100_000 }),
      sla({ tier: 'premium', latencyTargetMs: 5000 }),
      definePolicy({
        name: 'after-hours',
        evaluate: () => ({ result: 'WARNING', reasonCode: 'x_after_hours' }),
      }),
    ],
  };
}

const request = { ...call, slaTier: 'premium', input: { text: 'write to jo@example.com' } };
const summary = (span: Parameters<typeof decisions>[0]) =>
  decisions(span).map((d) => [
    // The plain ALLOWED decisions of several policies are one event naming them all.
    d['genops.policy.name'] ?? d['genopsjs.policy.names'],
    d['genops.policy.result'],
    d['genops.policy.reason_code'],
  ]);

describe('evaluation order and combination', () => {
  it('evaluates policies in configuration order, then rate limits, then budgets; the first most severe wins', async () => {
    const governor = governorFor({ clock: manualClock(), ...everything() });
    expect(await runCall(governor, request)).toBeUndefined();
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(summary(span)).toMatchInlineSnapshot(`
      [
        [
          "pii",
          "WARNING",
          "POLICY_DENY_CONTENT",
        ],
        [
          "sla-premium",
          "ALLOWED",
          undefined,
        ],
        [
          "after-hours",
          "WARNING",
          "x_after_hours",
        ],
        [
          [
            "model-policy",
            "region-policy",
            "max-output-tokens",
            "rpm",
            "tpm",
            "monthly",
            "per-customer",
          ],
          "ALLOWED",
          undefined,
        ],
      ]
    `);
    expect(span?.attributes).toMatchObject({
      'genops.policy.result': 'WARNING',
      'genops.policy.name': 'pii',
      'genops.policy.reason_code': 'POLICY_DENY_CONTENT',
    });
  });

  it('stops at the first refusal: later policies are not evaluated and nothing is claimed', async () => {
    const governor = governorFor({ clock: manualClock(), ...everything() });
    const refusal = await runCall(governor, { ...request, maxOutputTokens: 4000 });
    expect(refusal?.decision.policyName).toBe('max-output-tokens');
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(summary(span)).toMatchInlineSnapshot(`
      [
        [
          "pii",
          "WARNING",
          "POLICY_DENY_CONTENT",
        ],
        [
          "max-output-tokens",
          "BLOCKED",
          "x_output_cap_exceeded",
        ],
        [
          [
            "model-policy",
            "region-policy",
          ],
          "ALLOWED",
          undefined,
        ],
      ]
    `);
  });

  it('a refusal from the ledger phase outranks earlier warnings; BLOCKED outranks RATE_LIMITED', async () => {
    const governor = governorFor({
      clock: manualClock(),
      budgets: [{ name: 'tiny', limit: 200, period: 'month' }],
      policies: [
        definePolicy({
          name: 'warn-first',
          evaluate: () => ({ result: 'WARNING', reasonCode: 'x_note' }),
        }),
        rateLimit({ name: 'rpm', requestsPerMinute: 60, burst: 1 }),
      ],
    });
    expect(await runCall(governor)).toBeUndefined(); // 150 reserved, 140 used: 60 left
    const refusal = await runCall(governor);
    expect(refusal?.decision).toMatchObject({ result: 'BLOCKED', policyName: 'tiny' });
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(summary(spans[1])).toMatchInlineSnapshot(`
      [
        [
          "warn-first",
          "WARNING",
          "x_note",
        ],
        [
          "rpm",
          "RATE_LIMITED",
          "RATE_LIMITED",
        ],
        [
          "tiny",
          "BLOCKED",
          "BUDGET_RESERVATION_FAILED",
        ],
      ]
    `);
  });

  it('is deterministic: the same requests against the same state give the same decisions', async () => {
    const run = async () => {
      const governor = governorFor({ clock: manualClock(), ...everything() });
      const results = [];
      for (const maxOutputTokens of [50, 2000, 50, 900]) {
        const awu = await governor.begin({ ...request, maxOutputTokens });
        const { timestampMs: _t, ...decision } = awu.decision;
        results.push(decision);
        if (awu.decision.proceeds)
          await awu.settle({ usage: { inputTokens: 100, outputTokens: 40 } });
      }
      await governor.flush();
      return results;
    };
    expect(await run()).toEqual(await run());
    await summaries(telemetry);
  });
});
