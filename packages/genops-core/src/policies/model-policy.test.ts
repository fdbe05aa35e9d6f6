import { describe, expect, it } from 'vitest';
import { modelPolicy } from './model-policy.js';
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

describe('modelPolicy', () => {
  it('allows a model that matches the allow-list, with one ALLOWED decision', async () => {
    const governor = governorFor({
      clock,
      policies: [modelPolicy({ allow: ['openai:gpt-4o*', 'anthropic:*'] })],
    });
    expect(await runCall(governor)).toBeUndefined();
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(span).toMatchInlineSnapshot(`
      {
        "attributes": {
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-4o",
          "genops.accounting.actual": 140,
          "genops.accounting.reserved": 150,
          "genops.accounting.unit": "tokens",
          "genops.customer_id": "acme",
          "genops.environment": "production",
          "genops.operation.name": "chat gpt-4o",
          "genops.operation.type": "inference",
          "genops.policy.result": "ALLOWED",
          "genops.project": "helpdesk-bot",
          "genops.spec.version": "0.1.0",
          "genops.team": "support",
          "genops.tokens.input": 100,
          "genops.tokens.output": 40,
          "genopsjs.awu.outcome": "succeeded",
        },
        "events": [
          {
            "attributes": {
              "genops.policy.name": "model-policy",
              "genops.policy.result": "ALLOWED",
            },
            "name": "genops.policy.evaluated",
          },
          {
            "attributes": {
              "genops.accounting.reserved": 150,
              "genops.accounting.unit": "tokens",
            },
            "name": "genops.budget.reservation",
          },
          {
            "attributes": {
              "genops.accounting.actual": 140,
              "genops.accounting.reconciliation_delta": -10,
              "genops.accounting.reserved": 150,
              "genops.accounting.unit": "tokens",
            },
            "name": "genops.budget.reconciliation",
          },
        ],
        "name": "chat gpt-4o",
        "parent": null,
        "status": 0,
      }
    `);
  });

  it('refuses a denied model with POLICY_DENY_MODEL naming the pattern', async () => {
    const governor = governorFor({
      clock,
      policies: [modelPolicy({ name: 'no-legacy', deny: ['gpt-3.5*'] })],
    });
    const refusal = await runCall(governor, { ...call, model: 'gpt-3.5-turbo-0125' });
    expect(refusal?.decision).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'POLICY_DENY_MODEL',
      policyName: 'no-legacy',
      reason: "model openai:gpt-3.5-turbo-0125 matches the deny pattern 'gpt-3.5*'",
    });
    expect(refusal?.isRetryable).toBe(false);
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(span).toMatchInlineSnapshot(`
      {
        "attributes": {
          "gen_ai.provider.name": "openai",
          "gen_ai.request.model": "gpt-3.5-turbo-0125",
          "genops.customer_id": "acme",
          "genops.environment": "production",
          "genops.operation.name": "chat gpt-4o",
          "genops.operation.type": "inference",
          "genops.policy.name": "no-legacy",
          "genops.policy.reason": "model openai:gpt-3.5-turbo-0125 matches the deny pattern 'gpt-3.5*'",
          "genops.policy.reason_code": "POLICY_DENY_MODEL",
          "genops.policy.result": "BLOCKED",
          "genops.project": "helpdesk-bot",
          "genops.spec.version": "0.1.0",
          "genops.team": "support",
          "genopsjs.awu.outcome": "refused",
        },
        "events": [
          {
            "attributes": {
              "genops.policy.name": "no-legacy",
              "genops.policy.reason": "model openai:gpt-3.5-turbo-0125 matches the deny pattern 'gpt-3.5*'",
              "genops.policy.reason_code": "POLICY_DENY_MODEL",
              "genops.policy.result": "BLOCKED",
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

  it('refuses a model outside the allow-list; deny wins over allow', async () => {
    const governor = governorFor({
      clock,
      policies: [modelPolicy({ allow: ['openai:*'], deny: ['*:o1-pro*'] })],
    });
    const outside = await runCall(governor, {
      ...call,
      provider: 'mistral',
      model: 'mistral-large',
    });
    expect(outside?.decision.reason).toBe('model mistral:mistral-large matches no allow pattern');
    const denied = await runCall(governor, { ...call, model: 'o1-pro-2025' });
    expect(denied?.decision.reason).toBe(
      "model openai:o1-pro-2025 matches the deny pattern '*:o1-pro*'",
    );
    expect(await runCall(governor, { ...call, model: 'GPT-4O' })).toBeUndefined();
    await governor.flush();
    const spans = await summaries(telemetry);
    expect(spans.map((span) => decisions(span).map((d) => d['genops.policy.result']))).toEqual([
      ['BLOCKED'],
      ['BLOCKED'],
      ['ALLOWED'],
    ]);
  });

  it('matches provider patterns against an AWU without a provider as `:model`', async () => {
    const governor = governorFor({ clock, policies: [modelPolicy({ allow: ['openai:*'] })] });
    const { provider: _provider, ...withoutProvider } = call;
    const refusal = await runCall(governor, withoutProvider);
    expect(refusal?.decision.reason).toBe('model gpt-4o matches no allow pattern');
    const anyProvider = governorFor({ clock, policies: [modelPolicy({ allow: ['*:gpt-4o'] })] });
    expect(await runCall(anyProvider, withoutProvider)).toBeUndefined();
    await governor.flush();
    await anyProvider.flush();
    await summaries(telemetry);
  });

  it('does not judge AWUs without a model (no decision recorded)', async () => {
    const governor = governorFor({ clock, policies: [modelPolicy({ allow: ['openai:*'] })] });
    await expect(
      governor.execute(
        { operation: { name: 'search docs', type: 'tool' }, inputTokens: 0, maxOutputTokens: 0 },
        async () => ({ value: 1 }),
      ),
    ).resolves.toBe(1);
    await governor.flush();
    const [span] = await summaries(telemetry);
    expect(decisions(span)).toEqual([
      expect.objectContaining({
        'genops.policy.name': 'no-applicable-policy',
        'genops.policy.result': 'ALLOWED',
      }),
    ]);
  });
});
