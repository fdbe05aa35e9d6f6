import { describe, expect, it } from 'vitest';
import type { AwuRequest } from '../awu-request.js';
import type { GovernorOptions } from '../governor-options.js';
import { contentPolicy } from './content-policy.js';
import { definePolicy } from './define-policy.js';
import type { GovernancePolicy } from './governance-policy.js';
import { maxOutputTokens } from './max-output-tokens.js';
import { modelPolicy } from './model-policy.js';
import { rateLimit } from './rate-limit.js';
import { regionPolicy } from './region-policy.js';
import { sla } from './sla.js';
import {
  call,
  compliantSpans,
  decisions,
  governorFor,
  manualClock,
  runCall,
  summaries,
  useTelemetry,
} from './test-support/policy-test-kit.js';

const telemetry = useTelemetry();

/** One refusing configuration per kind of policy, with the request it refuses. */
const refusing: [string, () => Partial<GovernorOptions>, AwuRequest, string][] = [
  [
    'modelPolicy',
    () => ({ policies: [modelPolicy({ deny: ['gpt-4o'] })] }),
    call,
    'POLICY_DENY_MODEL',
  ],
  [
    'regionPolicy',
    () => ({ policies: [regionPolicy({ allow: ['eu-*'] })] }),
    call,
    'POLICY_DENY_REGION',
  ],
  [
    'contentPolicy',
    () => ({
      policies: [contentPolicy({ name: 'pii', rules: [{ name: 'secret', pattern: 'hunter2' }] })],
    }),
    { ...call, input: { text: 'my password is hunter2' } },
    'POLICY_DENY_CONTENT',
  ],
  [
    'maxOutputTokens',
    () => ({ policies: [maxOutputTokens({ limit: 10 })] }),
    call,
    'x_output_cap_exceeded',
  ],
  [
    'rateLimit (tokens never fit)',
    () => ({ policies: [rateLimit({ name: 'tpm', tokensPerMinute: 100 })] }),
    call,
    'RATE_LIMITED',
  ],
  [
    'definePolicy',
    () => ({
      policies: [
        definePolicy({
          name: 'freeze',
          evaluate: () => ({ result: 'BLOCKED', reasonCode: 'x_change_freeze' }),
        }),
      ],
    }),
    call,
    'x_change_freeze',
  ],
  [
    'budget',
    () => ({ budgets: [{ name: 'tiny', limit: 10, period: 'month' }] }),
    call,
    'BUDGET_RESERVATION_FAILED',
  ],
  [
    'USD price guard',
    () => ({ unit: 'USD' }),
    { ...call, model: 'gpt-unreleased' },
    'x_price_unknown',
  ],
];

describe("mode: 'shadow' on the governor never refuses", () => {
  it.each(refusing)(
    '%s: the AWU runs; WARNING with the refusing code and the shadow marker',
    async (_, options, request, code) => {
      const governor = governorFor({ clock: manualClock(), mode: 'shadow', ...options() });
      let ran = false;
      await governor.execute(request, async () => {
        ran = true;
        return { value: 'ok', usage: { inputTokens: 100, outputTokens: 40 } };
      });
      expect(ran).toBe(true);
      await governor.flush();
      const [span] = await compliantSpans(telemetry);
      expect(span?.attributes).toMatchObject({
        'genops.policy.result': 'WARNING',
        'genops.policy.reason_code': code,
        'genopsjs.policy.shadowed': true,
        'genopsjs.awu.outcome': 'succeeded',
      });
      const warning = span?.events.find(
        (event) => event.attributes?.['genops.policy.reason_code'] === code,
      );
      expect(warning?.attributes).toMatchObject({
        'genops.policy.result': 'WARNING',
        'genopsjs.policy.shadowed': true,
      });
      expect(span?.events.map((event) => event.name)).toContain('genops.budget.reconciliation');
    },
  );

  it('rate limits over the limit are counted and reported, never refused', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      mode: 'shadow',
      policies: [rateLimit({ name: 'rpm', requestsPerMinute: 60, burst: 1 })],
    });
    for (let i = 0; i < 3; i++) expect(await runCall(governor)).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    // Shadow spends the claims, so the over-limit requests are still counted and reported.
    expect(decisions(spans[2])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "rpm",
          "genops.policy.reason": "over 60 requests/min (burst 1)",
          "genops.policy.reason_code": "RATE_LIMITED",
          "genops.policy.result": "WARNING",
          "genopsjs.policy.shadowed": true,
        },
      ]
    `);
  });

  it("an sla with onPredictedViolation: 'block' warns instead of refusing", async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      mode: 'shadow',
      policies: [
        sla({ tier: 'gold', latencyTargetMs: 100, minSamples: 1, onPredictedViolation: 'block' }),
      ],
    });
    const gold = { ...call, slaTier: 'gold' };
    await runCall(governor, gold, undefined, () => clock.advance(500));
    expect(await runCall(governor, gold)).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(spans[1]?.attributes).toMatchObject({
      'genops.policy.result': 'WARNING',
      'genops.policy.reason_code': 'SLA_LATENCY_VIOLATION',
      'genopsjs.policy.shadowed': true,
    });
  });
});

describe("mode: 'shadow' on one policy", () => {
  it('shadows that policy only; an enforcing policy still refuses', async () => {
    const clock = manualClock();
    const shadowDeny: GovernancePolicy = modelPolicy({
      name: 'trial-deny',
      deny: ['gpt-4o'],
      mode: 'shadow',
    });
    const governor = governorFor({
      clock,
      policies: [shadowDeny, maxOutputTokens({ limit: 40 })],
    });
    const refusal = await runCall(governor);
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'x_output_cap_exceeded',
    });
    expect(await runCall(governor, { ...call, maxOutputTokens: 40 })).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[0])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "trial-deny",
          "genops.policy.reason": "model openai:gpt-4o matches the deny pattern 'gpt-4o'",
          "genops.policy.reason_code": "POLICY_DENY_MODEL",
          "genops.policy.result": "WARNING",
          "genopsjs.policy.shadowed": true,
        },
        {
          "genops.policy.name": "max-output-tokens",
          "genops.policy.reason": "the call asks for up to 50 output tokens; the limit is 40",
          "genops.policy.reason_code": "x_output_cap_exceeded",
          "genops.policy.result": "BLOCKED",
        },
      ]
    `);
    expect(spans[1]?.attributes).toMatchObject({
      'genops.policy.result': 'WARNING',
      'genops.policy.name': 'trial-deny',
      'genopsjs.policy.shadowed': true,
    });
  });

  it("an enforcing policy inside a shadow governor ('enforce' overrides the governor)", async () => {
    const governor = governorFor({
      clock: manualClock(),
      mode: 'shadow',
      policies: [modelPolicy({ deny: ['gpt-4o'], mode: 'enforce' })],
    });
    expect((await runCall(governor))?.decision.result).toBe('BLOCKED');
    await governor.flush();
    await summaries(telemetry);
  });
});
