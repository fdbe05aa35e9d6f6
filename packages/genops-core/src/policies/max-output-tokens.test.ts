import { describe, expect, it } from 'vitest';
import { maxOutputTokens } from './max-output-tokens.js';
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
const clock = manualClock();

describe('maxOutputTokens', () => {
  it('allows caps up to the limit and refuses above it with x_output_cap_exceeded', async () => {
    const governor = governorFor({ clock, policies: [maxOutputTokens({ limit: 50 })] });
    expect(await runCall(governor, call)).toBeUndefined();
    const refusal = await runCall(governor, { ...call, maxOutputTokens: 51 });
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'x_output_cap_exceeded',
      policyName: 'max-output-tokens',
      reason: 'the call asks for up to 51 output tokens; the limit is 50',
    });
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[0])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "max-output-tokens",
          "genops.policy.result": "ALLOWED",
        },
      ]
    `);
    expect(decisions(spans[1])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "max-output-tokens",
          "genops.policy.reason": "the call asks for up to 51 output tokens; the limit is 50",
          "genops.policy.reason_code": "x_output_cap_exceeded",
          "genops.policy.result": "BLOCKED",
        },
      ]
    `);
  });

  it('with required, refuses calls without a cap (x_output_cap_required); without it, allows them', async () => {
    const { maxOutputTokens: _cap, ...uncapped } = call;
    const strict = governorFor({
      clock,
      policies: [maxOutputTokens({ name: 'caps', limit: 1000, required: true })],
    });
    expect((await runCall(strict, uncapped))?.decision).toMatchObject({
      reasonCode: 'x_output_cap_required',
      reason: 'the call sets no output cap; this policy requires one of at most 1000 tokens',
    });
    const lenient = governorFor({ clock, policies: [maxOutputTokens({ limit: 1000 })] });
    expect(await runCall(lenient, uncapped)).toBeUndefined();
    await strict.flush();
    await lenient.flush();
    await summaries(telemetry);
  });

  it('does not judge AWUs without a model', async () => {
    const governor = governorFor({
      clock,
      policies: [maxOutputTokens({ limit: 10, required: true })],
    });
    await governor.execute(
      { operation: { name: 'tool', type: 'tool' }, inputTokens: 0 },
      async () => ({ value: 1 }),
    );
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span).map((d) => d['genops.policy.name'])).toEqual(['no-applicable-policy']);
  });
});
