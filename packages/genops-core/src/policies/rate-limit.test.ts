import { describe, expect, it } from 'vitest';
import { rateLimit } from './rate-limit.js';
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

describe('rateLimit: requests per minute (GCRA)', () => {
  it('lets `burst` requests through at once, then refuses with the exact wait', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [rateLimit({ name: 'rpm', requestsPerMinute: 60, burst: 3 })],
    });
    for (let i = 0; i < 3; i++) expect(await runCall(governor)).toBeUndefined();
    const refusal = await runCall(governor);
    // Emission interval 1,000 ms; the 4th request is 1,000 ms beyond the 3,000 ms tolerance.
    expect(refusal?.decision).toMatchObject({
      result: 'RATE_LIMITED',
      reasonCode: 'RATE_LIMITED',
      policyName: 'rpm',
      retryAfterMs: 1000,
      reason: 'over 60 requests/min (burst 3)',
    });
    expect(refusal?.retryAfterMs).toBe(1000);
    expect(refusal?.isRetryable).toBe(false);
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(spans[3]).toMatchInlineSnapshot(`
      {
        "attributes": {
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-4o",
          "genops.customer_id": "acme",
          "genops.environment": "production",
          "genops.operation.name": "chat gpt-4o",
          "genops.operation.type": "inference",
          "genops.policy.name": "rpm",
          "genops.policy.reason": "over 60 requests/min (burst 3)",
          "genops.policy.reason_code": "RATE_LIMITED",
          "genops.policy.result": "RATE_LIMITED",
          "genops.project": "helpdesk-bot",
          "genops.spec.version": "0.1.0",
          "genops.team": "support",
          "genopsjs.awu.outcome": "refused",
        },
        "events": [
          {
            "attributes": {
              "genops.policy.name": "rpm",
              "genops.policy.reason": "over 60 requests/min (burst 3)",
              "genops.policy.reason_code": "RATE_LIMITED",
              "genops.policy.result": "RATE_LIMITED",
              "genopsjs.policy.retry_after_ms": 1000,
            },
            "name": "genops.policy.evaluated",
          },
        ],
        "name": "chat gpt-4o",
        "parent": null,
        "status": 0,
      }
    `);
  });

  it('boundary: refused 1 ms before the wait is over, allowed exactly at it', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [rateLimit({ name: 'rpm', requestsPerMinute: 60, burst: 2 })],
    });
    await runCall(governor);
    await runCall(governor);
    expect((await runCall(governor))?.retryAfterMs).toBe(1000);
    clock.advance(999);
    expect((await runCall(governor))?.retryAfterMs).toBe(1);
    clock.advance(1);
    expect(await runCall(governor)).toBeUndefined();
    expect((await runCall(governor))?.retryAfterMs).toBe(1000);
    await governor.flush();
    await summaries(telemetry);
  });

  it('sustains exactly the rate: never more than R in any 60 s window with burst 1', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [rateLimit({ name: 'rpm', requestsPerMinute: 60, burst: 1 })],
    });
    const passedAt: number[] = [];
    for (let t = 0; t < 120_000; t += 250) {
      clock.set(Date.UTC(2026, 10, 21, 12) + t);
      if ((await runCall(governor)) === undefined) passedAt.push(t);
    }
    expect(passedAt).toHaveLength(120);
    expect(passedAt.slice(0, 3)).toEqual([0, 1000, 2000]);
    for (let start = 0; start <= 60_000; start += 250) {
      const inWindow = passedAt.filter((t) => t >= start && t < start + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(60);
    }
    await governor.flush();
  });

  it('with the default burst (= requestsPerMinute) a window holds at most 2R − 1, then R per minute', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [rateLimit({ name: 'rpm', requestsPerMinute: 10 })],
    });
    const passedAt: number[] = [];
    for (let t = 0; t < 180_000; t += 500) {
      clock.set(Date.UTC(2026, 10, 21, 12) + t);
      if ((await runCall(governor)) === undefined) passedAt.push(t);
    }
    expect(passedAt.filter((t) => t < 60_000)).toHaveLength(19);
    expect(passedAt.filter((t) => t >= 60_000 && t < 120_000)).toHaveLength(10);
    expect(passedAt.filter((t) => t >= 120_000 && t < 180_000)).toHaveLength(10);
    await governor.flush();
  });

  it("gives each scope instance its own limit ('*') and ignores AWUs outside the scope", async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [
        rateLimit({
          name: 'per-customer',
          scope: { team: 'support', customer_id: '*' },
          requestsPerMinute: 60,
          burst: 1,
        }),
      ],
    });
    const as = (customer_id: string, team = 'support') => ({
      ...call,
      attribution: { customer_id, team },
    });
    expect(await runCall(governor, as('acme'))).toBeUndefined();
    expect((await runCall(governor, as('acme')))?.decision.reason).toBe(
      'over 60 requests/min for customer_id=acme (burst 1)',
    );
    expect(await runCall(governor, as('globex'))).toBeUndefined();
    expect(await runCall(governor, as('acme', 'sales'))).toBeUndefined();
    expect(await runCall(governor, as('acme', 'sales'))).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[4])).toEqual([
      expect.objectContaining({ 'genops.policy.name': 'no-applicable-policy' }),
    ]);
  });

  it('does not count a request that another policy refused (all-or-nothing reservation)', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      budgets: [{ name: 'tiny', limit: 200, period: 'month' }],
      policies: [rateLimit({ name: 'rpm', requestsPerMinute: 60, burst: 2 })],
    });
    expect(await runCall(governor)).toBeUndefined(); // 150 reserved, 140 used
    expect((await runCall(governor))?.decision.policyName).toBe('tiny'); // 60 left < 150
    await governor.flush();
    const spans = await summaries(telemetry);
    // The refused request did not spend the burst: rpm still allowed it.
    expect(
      decisions(spans[1]).map((d) => [d['genops.policy.name'], d['genops.policy.result']]),
    ).toEqual([
      ['tiny', 'BLOCKED'],
      ['rpm', 'ALLOWED'],
    ]);
  });
});

describe('rateLimit: tokens per minute', () => {
  // 6,000 tokens/min → 10 ms per token; tokenBurst 1,000 → 10,000 ms of tolerance.
  const tokens = () => rateLimit({ name: 'tpm', tokensPerMinute: 6_000, tokenBurst: 1_000 });

  it('claims the estimate (input + output cap) at the decision', async () => {
    const clock = manualClock();
    const governor = governorFor({ clock, policies: [tokens()] });
    // 150 tokens each (100 input + 50 cap); usage matches the estimate: no correction.
    const exact = { inputTokens: 100, outputTokens: 50 };
    for (let i = 0; i < 6; i++) expect(await runCall(governor, call, exact)).toBeUndefined();
    await governor.flush();
    const refusal = await runCall(governor, call, exact);
    // 1,050 tokens would be outstanding, 50 over the burst: 500 ms.
    expect(refusal?.decision).toMatchObject({
      result: 'RATE_LIMITED',
      retryAfterMs: 500,
      reason: 'over 6000 tokens/min (burst 1000)',
    });
    clock.advance(500);
    expect(await runCall(governor, call, exact)).toBeUndefined();
    await governor.flush();
    await summaries(telemetry);
  });

  it('corrects the claim with the actual tokens at settle', async () => {
    const clock = manualClock();
    const governor = governorFor({ clock, policies: [tokens()] });
    // Each call reserves 150 tokens but uses 100 + 20 = 120: 30 tokens (300 ms) are given back.
    for (let i = 0; i < 6; i++)
      expect(await runCall(governor, call, { inputTokens: 100, outputTokens: 20 })).toBeUndefined();
    await governor.flush();
    // Outstanding: 6 × 120 = 720 tokens (without the correction, 900: the next call would be refused).
    // A 150 claim fits (870 <= 1,000); a second does not (1,020 > 1,000: 20 tokens = 200 ms).
    expect(await runCall(governor, call, { inputTokens: 100, outputTokens: 50 })).toBeUndefined();
    await governor.flush();
    expect((await runCall(governor))?.retryAfterMs).toBe(200);
    await governor.flush();
    await summaries(telemetry);
  });

  it('charges overruns at settle (usage above the estimate)', async () => {
    const clock = manualClock();
    const governor = governorFor({ clock, policies: [tokens()] });
    // Reserved 150, used 100 + 300 = 400 (a cap the provider ignored): 250 more tokens are charged.
    expect(await runCall(governor, call, { inputTokens: 100, outputTokens: 300 })).toBeUndefined();
    await governor.flush();
    // Outstanding 400 + 150 × 4 = 1,000: the 5th call after it is refused.
    for (let i = 0; i < 4; i++)
      expect(await runCall(governor, call, { inputTokens: 100, outputTokens: 50 })).toBeUndefined();
    expect((await runCall(governor))?.retryAfterMs).toBe(1500);
    await governor.flush();
    await summaries(telemetry);
  });

  it('refuses a call that needs more than tokenBurst with BLOCKED and a reason, never a wait', async () => {
    const clock = manualClock();
    const governor = governorFor({ clock, policies: [tokens()] });
    const refusal = await runCall(governor, { ...call, inputTokens: 900, maxOutputTokens: 200 });
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'RATE_LIMITED',
      policyName: 'tpm',
    });
    expect(refusal?.retryAfterMs).toBeUndefined();
    expect(refusal?.decision.reason).toBe(
      'this call needs 1100 tokens but the limit of 6000 tokens/min lets at most 1000 pass at once (tokenBurst): it can never pass; lower maxOutputTokens or the prompt, or raise tokenBurst',
    );
    // Nothing was claimed: a call of the burst's size still passes.
    expect(
      await runCall(governor, { ...call, inputTokens: 800, maxOutputTokens: 200 }),
    ).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[0])).toHaveLength(1);
  });

  it('limits requests and tokens together, each with its own decision', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [
        rateLimit({
          name: 'both',
          requestsPerMinute: 60,
          burst: 5,
          tokensPerMinute: 6_000,
          tokenBurst: 300,
        }),
      ],
    });
    expect(await runCall(governor, call, { inputTokens: 100, outputTokens: 50 })).toBeUndefined();
    expect(await runCall(governor, call, { inputTokens: 100, outputTokens: 50 })).toBeUndefined();
    const refusal = await runCall(governor);
    expect(refusal?.decision.reason).toBe('over 6000 tokens/min (burst 300)');
    expect(refusal?.retryAfterMs).toBe(1500);
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[2])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "both",
          "genops.policy.reason": "over 6000 tokens/min (burst 300)",
          "genops.policy.reason_code": "RATE_LIMITED",
          "genops.policy.result": "RATE_LIMITED",
          "genopsjs.policy.retry_after_ms": 1500,
        },
        {
          "genops.policy.name": "both",
          "genops.policy.result": "ALLOWED",
        },
      ]
    `);
  });
});
