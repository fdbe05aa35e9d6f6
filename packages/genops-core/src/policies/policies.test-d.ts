import { describe, expectTypeOf, it } from 'vitest';
import {
  type ContentRule,
  definePolicy,
  type GovernancePolicy,
  type GovernorOptions,
  type ModelPrice,
  modelPolicy,
  type PolicyContext,
  type PolicyVerdict,
  rateLimit,
  sla,
} from '../index.js';

describe('policy factory types', () => {
  it('every factory returns a GovernancePolicy', () => {
    expectTypeOf(rateLimit({ name: 'r', requestsPerMinute: 60 })).toEqualTypeOf<GovernancePolicy>();
    expectTypeOf(modelPolicy({ deny: ['gpt-3.5*'] })).toEqualTypeOf<GovernancePolicy>();
    expectTypeOf(sla({ tier: 'gold', latencyTargetMs: 100 })).toEqualTypeOf<GovernancePolicy>();
  });

  it('rateLimit needs a name; sla needs a tier and a target', () => {
    // @ts-expect-error name is required
    rateLimit({ requestsPerMinute: 60 });
    // @ts-expect-error latencyTargetMs is required
    sla({ tier: 'gold' });
    // @ts-expect-error onPredictedViolation is 'warn' | 'block'
    sla({ tier: 'gold', latencyTargetMs: 1, onPredictedViolation: 'reroute' });
  });

  it('definePolicy only accepts taxonomy or x_ reason codes', () => {
    definePolicy({ name: 'ok', evaluate: () => ({ result: 'WARNING', reasonCode: 'x_note' }) });
    definePolicy({
      name: 'ok',
      evaluate: async () => undefined,
      reasonCodes: ['POLICY_DENY_MODEL'],
    });
    definePolicy({
      name: 'bad',
      // @ts-expect-error a freeform reason code is not a ReasonCode
      evaluate: () => ({ result: 'BLOCKED', reasonCode: 'TOO_EXPENSIVE' }),
    });
    definePolicy({
      name: 'bad',
      // @ts-expect-error RATE_LIMITED verdicts need retryAfterMs
      evaluate: () => ({ result: 'RATE_LIMITED', reasonCode: 'RATE_LIMITED' }),
    });
  });

  it('evaluate may return undefined (does not apply), sync or async', () => {
    type Evaluate = NonNullable<GovernancePolicy['evaluate']>;
    expectTypeOf<ReturnType<Evaluate>>().toEqualTypeOf<
      PolicyVerdict | undefined | Promise<PolicyVerdict | undefined>
    >();
  });

  it('content rules take a pattern or a predicate over the text and the context', () => {
    const rule: ContentRule = {
      name: 'r',
      test: async (text: string, context: PolicyContext) =>
        text.length > context.estimate.inputTokens,
    };
    void rule;
  });
});

describe('pricing types', () => {
  it("the unit is 'tokens' or 'USD' and prices are per million tokens", () => {
    expectTypeOf<GovernorOptions['unit']>().toEqualTypeOf<'tokens' | 'USD' | undefined>();
    const price: ModelPrice = {
      inputPerMillion: 2.5,
      outputPerMillion: 10,
      tiers: [{ aboveInputTokens: 200_000, inputPerMillion: 5 }],
    };
    void price;
    // @ts-expect-error the output price is required
    const partial: ModelPrice = { inputPerMillion: 1 };
    void partial;
  });
});
