import { describe, expect, it } from 'vitest';
import { regionPolicy } from './region-policy.js';
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

describe('regionPolicy', () => {
  it('takes the region from the request, else from providerRegions', async () => {
    const governor = governorFor({
      clock,
      policies: [
        regionPolicy({
          allow: ['eu-*'],
          providerRegions: { OpenAI: 'us-east-1', mistral: 'eu-west-3' },
        }),
      ],
    });
    expect(await runCall(governor, { ...call, region: 'eu-central-1' })).toBeUndefined();
    const refusal = await runCall(governor, call);
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'POLICY_DENY_REGION',
      policyName: 'region-policy',
      reason: 'region us-east-1 matches no allow pattern',
    });
    expect(
      await runCall(governor, { ...call, provider: 'mistral', model: 'mistral-large' }),
    ).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[1])).toMatchInlineSnapshot(`
      [
        {
          "genops.policy.name": "region-policy",
          "genops.policy.reason": "region us-east-1 matches no allow pattern",
          "genops.policy.reason_code": "POLICY_DENY_REGION",
          "genops.policy.result": "BLOCKED",
        },
      ]
    `);
  });

  it('refuses a call whose region is unknown under an allow-list, saying so', async () => {
    const governor = governorFor({ clock, policies: [regionPolicy({ allow: ['eu-*'] })] });
    const refusal = await runCall(governor, call);
    expect(refusal?.decision.reason).toBe(
      'region unknown (the request names no region and providerRegions has no entry for openai); the allow-list refuses calls whose region is unknown',
    );
    const { provider: _provider, ...noProvider } = call;
    expect((await runCall(governor, noProvider))?.decision.reason).toBe(
      'region unknown (the request names neither a region nor a provider); the allow-list refuses calls whose region is unknown',
    );
    await governor.flush();
    await summaries(telemetry);
  });

  it('deny patterns refuse; an unknown region passes a deny-only policy with the reason recorded', async () => {
    const governor = governorFor({
      clock,
      policies: [regionPolicy({ name: 'no-cn', deny: ['cn-*', 'CN-*'] })],
    });
    expect((await runCall(governor, { ...call, region: 'cn-north-1' }))?.decision.reason).toBe(
      "region cn-north-1 matches the deny pattern 'cn-*'",
    );
    expect(await runCall(governor, call)).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(decisions(spans[1])).toEqual([
      expect.objectContaining({
        'genops.policy.result': 'ALLOWED',
        'genops.policy.reason':
          'region unknown (the request names no region and providerRegions has no entry for openai); no deny pattern can match',
      }),
    ]);
  });

  it('does not judge AWUs with neither provider, model nor region', async () => {
    const governor = governorFor({ clock, policies: [regionPolicy({ allow: ['eu-*'] })] });
    await governor.execute(
      { operation: { name: 'lookup', type: 'retrieval' }, inputTokens: 10, maxOutputTokens: 0 },
      async () => ({ value: 1 }),
    );
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span).map((d) => d['genops.policy.name'])).toEqual(['no-applicable-policy']);
  });
});
