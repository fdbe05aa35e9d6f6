import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../decision/reason-code.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { definePolicy } from './define-policy.js';
import type { GovernancePolicy } from './governance-policy.js';
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
const clock = manualClock();

const businessHours = definePolicy({
  name: 'business-hours',
  reasonCodes: ['x_outside_business_hours'],
  evaluate: ({ nowMs }) => {
    const hour = new Date(nowMs).getUTCHours();
    return hour >= 8 && hour < 18
      ? { result: 'ALLOWED' }
      : { result: 'WARNING', reasonCode: 'x_outside_business_hours', reason: `${hour}:00 UTC` };
  },
});

describe('definePolicy', () => {
  it('records a sync verdict: ALLOWED, then WARNING with an x_ code', async () => {
    const local = manualClock(Date.UTC(2026, 10, 21, 12));
    const governor = governorFor({ clock: local, policies: [businessHours] });
    expect(await runCall(governor)).toBeUndefined();
    local.set(Date.UTC(2026, 10, 21, 22));
    expect(await runCall(governor)).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(spans.map((span) => decisions(span))).toMatchInlineSnapshot(`
      [
        [
          {
            "genops.policy.name": "business-hours",
            "genops.policy.result": "ALLOWED",
          },
        ],
        [
          {
            "genops.policy.name": "business-hours",
            "genops.policy.reason": "22:00 UTC",
            "genops.policy.reason_code": "x_outside_business_hours",
            "genops.policy.result": "WARNING",
          },
        ],
      ]
    `);
  });

  it('awaits async verdicts, including BLOCKED and RATE_LIMITED with a wait', async () => {
    const governor = governorFor({
      clock,
      policies: [
        definePolicy({
          name: 'quota-service',
          evaluate: async ({ attribution }) =>
            attribution.customer_id === 'acme'
              ? { result: 'RATE_LIMITED', reasonCode: 'x_quota_service', retryAfterMs: 2500 }
              : {
                  result: 'BLOCKED',
                  reasonCode: 'POLICY_DENY_MODEL',
                  reason: 'not on the contract',
                },
        }),
      ],
    });
    const limited = await runCall(governor);
    expect(limited?.decision).toMatchObject({
      result: 'RATE_LIMITED',
      reasonCode: 'x_quota_service',
    });
    expect(limited?.retryAfterMs).toBe(2500);
    const blocked = await runCall(governor, { ...call, attribution: { customer_id: 'globex' } });
    expect(blocked?.decision).toMatchObject({ result: 'BLOCKED', reasonCode: 'POLICY_DENY_MODEL' });
    await governor.flush();
    await summaries(telemetry);
  });

  it('records no decision when evaluate returns undefined', async () => {
    const governor = governorFor({
      clock,
      policies: [definePolicy({ name: 'noop', evaluate: () => undefined })],
    });
    expect(await runCall(governor)).toBeUndefined();
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span).map((d) => d['genops.policy.name'])).toEqual(['no-applicable-policy']);
  });

  it('never emits a code outside the taxonomy: fails closed and reports a GenOpsConfigError', async () => {
    const errors: unknown[] = [];
    const governor = governorFor(
      {
        clock,
        policies: [
          definePolicy({
            name: 'sloppy',
            evaluate: () => ({ result: 'BLOCKED', reasonCode: 'TOO_EXPENSIVE' as ReasonCode }),
          }),
        ],
      },
      errors,
    );
    const refusal = await runCall(governor);
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'x_policy_error',
      policyName: 'sloppy',
    });
    expect(errors).toHaveLength(1);
    expect(GenOpsConfigError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as GenOpsConfigError).field).toBe('sloppy.evaluate().reasonCode');
    expect(String(errors[0])).toBe(
      'GenOpsConfigError: sloppy.evaluate().reasonCode: expected a GenOps taxonomy reason code or an x_ extension, received "TOO_EXPENSIVE"',
    );
    await governor.flush();
    const spans = await compliantSpans(telemetry);
    expect(JSON.stringify(spans[0]?.events)).not.toContain('TOO_EXPENSIVE');
  });

  it('rejects at run time a valid code that the policy did not declare', async () => {
    const errors: unknown[] = [];
    const governor = governorFor(
      {
        clock,
        policies: [
          definePolicy({
            name: 'declared',
            reasonCodes: ['x_one'],
            evaluate: () => ({ result: 'WARNING', reasonCode: 'x_two' }),
          }),
        ],
      },
      errors,
    );
    expect((await runCall(governor))?.decision.reasonCode).toBe('x_policy_error');
    expect((errors[0] as GenOpsConfigError).expected).toBe(
      'one of the declared reasonCodes (x_one)',
    );
    await governor.flush();
    await summaries(telemetry);
  });

  it('fails closed when evaluate throws (sync or async) and reports the error, never swallowing it', async () => {
    const errors: unknown[] = [];
    const boom = new Error('policy store unreachable');
    const governor = governorFor(
      {
        clock,
        policies: [
          definePolicy({ name: 'async-throw', evaluate: async () => Promise.reject(boom) }),
          definePolicy({ name: 'never-reached', evaluate: () => ({ result: 'ALLOWED' }) }),
        ],
      },
      errors,
    );
    const refusal = await runCall(governor);
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'x_policy_error',
      policyName: 'async-throw',
      reason: 'the policy threw; failing closed',
    });
    expect(errors).toEqual([boom]);
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span).map((d) => d['genops.policy.name'])).toEqual(['async-throw']);
  });

  it('reads the shadow flag and reason of a refused rate claim from the policy that claimed it', async () => {
    // Two policies claim one key, each with a burst of one: the second call is over both.
    const claimOf =
      (reason: string): GovernancePolicy['rateClaims'] =>
      () => [
        { key: 'shared', intervalMs: 60_000, burst: 1, cost: 1, costBasis: 'request', reason },
      ];
    const governor = governorFor({
      clock,
      budgets: [{ name: 'b', limit: 1_000_000, period: 'total' }],
      policies: [
        { name: 'watching', mode: 'shadow', rateClaims: claimOf('watching: over 1/min') },
        { name: 'enforcing', rateClaims: claimOf('enforcing: over 1/min') },
      ],
    });
    expect(await runCall(governor)).toBeUndefined();
    const refusal = await runCall(governor);
    expect(refusal?.decision).toMatchObject({ result: 'RATE_LIMITED', policyName: 'enforcing' });
    expect(refusal?.decision.evaluations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          result: 'WARNING',
          policyName: 'watching',
          reason: 'watching: over 1/min',
          shadowed: true,
        }),
        expect.objectContaining({
          result: 'RATE_LIMITED',
          policyName: 'enforcing',
          reason: 'enforcing: over 1/min',
        }),
      ]),
    );
    expect(await governor.snapshot('b')).toMatchObject({ reserved: 0 });
  });

  it("fails closed when a policy's rateClaims throws: reported, nothing reserved, the span ends", async () => {
    const errors: unknown[] = [];
    const boom = new Error('quota service down');
    const throwingClaims: GovernancePolicy = {
      name: 'claims-throw',
      rateClaims: () => {
        throw boom;
      },
    };
    const governor = governorFor(
      {
        clock,
        budgets: [{ name: 'b', limit: 1_000, period: 'total' }],
        policies: [throwingClaims],
      },
      errors,
    );
    const refusal = await runCall(governor);
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'x_policy_error',
      policyName: 'claims-throw',
    });
    expect(errors).toEqual([boom]);
    expect(await governor.snapshot('b')).toBeUndefined();
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span).map((d) => d['genops.policy.name'])).toEqual(['claims-throw']);
  });
});
