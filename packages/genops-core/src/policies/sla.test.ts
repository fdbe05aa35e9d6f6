import { describe, expect, it } from 'vitest';
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
const premium = { ...call, slaTier: 'premium' };

/** A call that takes `latencyMs` on the test clock. */
function timed(clock: ReturnType<typeof manualClock>, latencyMs: number) {
  return () => clock.advance(latencyMs);
}

describe('sla: after execution', () => {
  it('sets the four genops.sla.* attributes; met is exactly actual <= target', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [sla({ tier: 'premium', latencyTargetMs: 2000 })],
    });
    await runCall(governor, premium, undefined, timed(clock, 2000));
    await runCall(governor, premium, undefined, timed(clock, 2001));
    await governor.flush();
    const spans = await compliantSpans(telemetry);
    const sla0 = Object.fromEntries(
      Object.entries(spans[0]!.attributes).filter(([k]) => k.startsWith('genops.sla.')),
    );
    const sla1 = Object.fromEntries(
      Object.entries(spans[1]!.attributes).filter(([k]) => k.startsWith('genops.sla.')),
    );
    expect(sla0).toEqual({
      'genops.sla.tier': 'premium',
      'genops.sla.latency_target_ms': 2000,
      'genops.sla.actual_latency_ms': 2000,
      'genops.sla.met': true,
    });
    expect(sla1).toEqual({
      'genops.sla.tier': 'premium',
      'genops.sla.latency_target_ms': 2000,
      'genops.sla.actual_latency_ms': 2001,
      'genops.sla.met': false,
    });
  });

  it('records a miss as its own post-execution decision, leaving the pre-execution one untouched', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [sla({ tier: 'premium', latencyTargetMs: 2000 })],
    });
    await runCall(governor, premium, undefined, timed(clock, 2500));
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(span?.attributes['genops.policy.result']).toBe('ALLOWED');
    expect(decisions(span)).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "sla-premium",
          "genops.policy.reason": "no latency prediction yet (0 of 5 observations of openai:gpt-4o)",
          "genops.policy.result": "ALLOWED",
        },
        {
          "genops.policy.name": "sla-premium",
          "genops.policy.reason": "took 2500 ms; the premium target is 2000 ms",
          "genops.policy.reason_code": "SLA_LATENCY_VIOLATION",
          "genops.policy.result": "WARNING",
          "genopsjs.policy.phase": "post-execution",
        },
      ]
    `);
  });

  it('applies only to AWUs of its tier', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [sla({ tier: 'premium', latencyTargetMs: 10 })],
    });
    await runCall(governor, { ...call, slaTier: 'basic' }, undefined, timed(clock, 5000));
    await runCall(governor, call, undefined, timed(clock, 5000));
    await governor.flush();
    const spans = await compliantSpans(telemetry);
    for (const span of spans) {
      expect(Object.keys(span.attributes).filter((k) => k.startsWith('genops.sla.'))).toEqual([]);
      expect(span.events.map((e) => e.attributes?.['genops.policy.name'])).not.toContain(
        'sla-premium',
      );
    }
  });

  it('sets the attributes on failed executions too', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [sla({ tier: 'premium', latencyTargetMs: 100 })],
    });
    await expect(
      governor.execute(premium, async () => {
        clock.advance(150);
        throw new Error('upstream 503');
      }),
    ).rejects.toThrow('upstream 503');
    await governor.flush();
    const [span] = await compliantSpans(telemetry);
    expect(span?.attributes['genops.sla.actual_latency_ms']).toBe(150);
    expect(span?.attributes['genops.sla.met']).toBe(false);
  });
});

describe('sla: latency prediction (p90 of the last observations of the same provider:model)', () => {
  it('allows with a reason until minSamples observations exist', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [sla({ tier: 'premium', latencyTargetMs: 2000, minSamples: 2 })],
    });
    await runCall(governor, premium, undefined, timed(clock, 5000));
    await runCall(governor, premium, undefined, timed(clock, 5000));
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[0])[0]?.['genops.policy.reason']).toBe(
      'no latency prediction yet (0 of 2 observations of openai:gpt-4o)',
    );
    expect(decisions(spans[1])[0]?.['genops.policy.reason']).toBe(
      'no latency prediction yet (1 of 2 observations of openai:gpt-4o)',
    );
  });

  it('warns (by default) when the predicted latency exceeds the target; observations of every tier count', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [sla({ tier: 'premium', latencyTargetMs: 2000, minSamples: 3, windowSize: 5 })],
    });
    const basic = { ...call, slaTier: 'basic' };
    for (const latency of [100, 3000, 200])
      await runCall(governor, basic, undefined, timed(clock, latency));
    // p90 (nearest rank) of [100, 200, 3000] is 3000.
    expect(await runCall(governor, premium, undefined, timed(clock, 150))).toBeUndefined();
    // Other models have their own window.
    expect(await runCall(governor, { ...premium, model: 'gpt-4o-mini' })).toBeUndefined();
    // Window of 5: four fast calls push 100, 3000 and 200 out: [150, 100, 100, 100, 100] → p90 150.
    for (let i = 0; i < 4; i++) await runCall(governor, basic, undefined, timed(clock, 100));
    await runCall(governor, premium, undefined, timed(clock, 100));
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(spans[3]?.attributes['genops.policy.result']).toBe('WARNING');
    expect(decisions(spans[3])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "sla-premium",
          "genops.policy.reason": "predicted 3000 ms (p90 of the last 3 latencies of openai:gpt-4o) exceeds the premium target of 2000 ms",
          "genops.policy.reason_code": "SLA_LATENCY_VIOLATION",
          "genops.policy.result": "WARNING",
        },
      ]
    `);
    expect(decisions(spans[4])[0]?.['genops.policy.reason']).toBe(
      'no latency prediction yet (0 of 3 observations of openai:gpt-4o-mini)',
    );
    expect(decisions(spans[9])[0]).toMatchObject({
      'genops.policy.result': 'ALLOWED',
      'genops.policy.reason':
        'predicted 150 ms (p90 of the last 5 latencies of openai:gpt-4o) within 2000 ms',
    });
  });

  it("refuses (BLOCKED) a predicted violation with onPredictedViolation: 'block'", async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [
        sla({
          tier: 'premium',
          latencyTargetMs: 1000,
          minSamples: 1,
          onPredictedViolation: 'block',
        }),
      ],
    });
    await runCall(governor, premium, undefined, timed(clock, 1500));
    const refusal = await runCall(governor, premium);
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'SLA_LATENCY_VIOLATION',
      policyName: 'sla-premium',
      reason:
        'predicted 1500 ms (p90 of the last 1 latencies of openai:gpt-4o) exceeds the premium target of 1000 ms',
    });
    await governor.flush();
    await summaries(telemetry);
  });

  it('does not learn from failed executions', async () => {
    const clock = manualClock();
    const governor = governorFor({
      clock,
      policies: [
        sla({
          tier: 'premium',
          latencyTargetMs: 1000,
          minSamples: 1,
          onPredictedViolation: 'block',
        }),
      ],
    });
    await expect(
      governor.execute(premium, async () => {
        clock.advance(30_000);
        throw new Error('timeout');
      }),
    ).rejects.toThrow('timeout');
    expect(await runCall(governor, premium)).toBeUndefined();
    await governor.flush();
    await summaries(telemetry);
  });
});

describe('sla: latency history', () => {
  it('keeps a model’s history while many other models come and go (the least recently used is evicted, never all)', () => {
    const policy = sla({ tier: 'premium', latencyTargetMs: 100 });
    const contextOf = (model: string) =>
      ({ ...premium, provider: 'openai', model }) as unknown as Parameters<
        NonNullable<typeof policy.evaluate>
      >[0];
    const slow = { latencyMs: 500, usage: undefined, failed: false };
    for (let i = 0; i < 5; i++) policy.observe?.(contextOf('gpt-4o'), slow);
    // Far more distinct models than the history holds, while gpt-4o keeps being asked about.
    for (let i = 0; i < 3_000; i++) {
      policy.observe?.(contextOf(`model-${i}`), { ...slow, latencyMs: 10 });
      if (i % 100 === 0) policy.evaluate?.(contextOf('gpt-4o'));
    }
    expect(policy.evaluate?.(contextOf('gpt-4o'))).toMatchObject({
      result: 'WARNING',
      reasonCode: 'SLA_LATENCY_VIOLATION',
    });
  });
});
