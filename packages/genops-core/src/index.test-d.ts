import { describe, expectTypeOf, it } from 'vitest';
import {
  type Awu,
  createGovernor,
  type Decision,
  type GenOpsPolicyError,
  type GovernancePolicy,
  type Governor,
  type Ledger,
  type PolicyVerdict,
  type ReasonCode,
  type ReserveRequest,
  type ReserveResult,
} from './index.js';

describe('public types', () => {
  it('decisions are a discriminated union on result', () => {
    const narrow = (decision: Decision) => {
      switch (decision.result) {
        case 'ALLOWED':
          expectTypeOf(decision.proceeds).toEqualTypeOf<true>();
          // @ts-expect-error an ALLOWED decision has no reason code
          void decision.reasonCode;
          break;
        case 'WARNING':
          expectTypeOf(decision.reasonCode).toEqualTypeOf<ReasonCode>();
          expectTypeOf(decision.shadowed).toEqualTypeOf<boolean>();
          break;
        case 'RATE_LIMITED':
          expectTypeOf(decision.retryAfterMs).toEqualTypeOf<number>();
          expectTypeOf(decision.proceeds).toEqualTypeOf<false>();
          break;
        case 'BLOCKED':
          expectTypeOf(decision.budgetName).toEqualTypeOf<string | undefined>();
          break;
      }
    };
    void narrow;
  });

  it('reason codes are the taxonomy or x_ extensions', () => {
    expectTypeOf<'BUDGET_EXCEEDED'>().toExtend<ReasonCode>();
    expectTypeOf<'x_internal_quota'>().toExtend<ReasonCode>();
    expectTypeOf<'FREEFORM'>().not.toExtend<ReasonCode>();
    // @ts-expect-error freeform reason codes do not type-check
    const bad: PolicyVerdict = { result: 'BLOCKED', reasonCode: 'because' };
    void bad;
  });

  it('begin always gives a promise; there is no second, synchronous begin', () => {
    const governor = createGovernor({ attribution: { team: 't', project: 'p', environment: 'e' } });
    const request = { operation: { name: 'n', type: 'inference' } } as const;
    expectTypeOf(governor.begin(request)).toEqualTypeOf<Promise<Awu>>();
    expectTypeOf<Governor>().not.toHaveProperty('beginEager');
  });

  it('a ledger has one async reserve and settle', () => {
    expectTypeOf<Ledger['reserve']>().toEqualTypeOf<
      (request: ReserveRequest) => Promise<ReserveResult>
    >();
    expectTypeOf<keyof Ledger>().toEqualTypeOf<
      'reserve' | 'settle' | 'release' | 'renew' | 'snapshot' | 'flush' | 'close'
    >();
  });

  it('execute returns the value of the governed function', () => {
    const governor = createGovernor({ attribution: { team: 't', project: 'p', environment: 'e' } });
    expectTypeOf(
      governor.execute({ operation: { name: 'n', type: 'inference' } }, async () => ({
        value: 42,
      })),
    ).toEqualTypeOf<Promise<number>>();
    expectTypeOf(governor.begin).returns.toEqualTypeOf<Promise<Awu>>();
  });

  it('attribution is read-only on an AWU', () => {
    const touch = (awu: Awu) => {
      // @ts-expect-error attribution is fixed at begin
      awu.attribution.team = 'other';
    };
    void touch;
  });

  it('policy errors expose typed fields and are never retryable', () => {
    expectTypeOf<GenOpsPolicyError['isRetryable']>().toEqualTypeOf<false>();
    expectTypeOf<GenOpsPolicyError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
  });

  it('policies may be sync or async', () => {
    expectTypeOf<{
      name: 'p';
      evaluate: () => Promise<PolicyVerdict>;
    }>().toExtend<GovernancePolicy>();
    expectTypeOf<{ name: 'p'; evaluate: () => PolicyVerdict }>().toExtend<GovernancePolicy>();
  });
});
