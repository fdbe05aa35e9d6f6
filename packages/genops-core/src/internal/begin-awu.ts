import { context as otelContext, trace } from '@opentelemetry/api';
import type { Attribution } from '../attribution.js';
import type { Awu } from '../awu.js';
import type { AwuRequest } from '../awu-request.js';
import type { PolicyDecision, PolicyVerdict } from '../decision.js';
import { GenOpsInputError } from '../errors/genops-input-error.js';
import type { BudgetClaim, RateClaim, ReserveResult } from '../ledger/ledger.js';
import type { PolicyContext, RateClaimSpec } from '../policies/governance-policy.js';
import { allowedDecision } from './allowed-decision.js';
import { append } from './append.js';
import { A, E } from './attribute-names.js';
import { AwuHandle, type HeldBudget, type HeldTokenRate } from './awu-handle.js';
import { checkVerdict } from './check-verdict.js';
import { combineDecisions } from './combine-decisions.js';
import { allowedEventAttributes, decisionEventAttributes } from './decision-event-attributes.js';
import { isThenable } from './is-thenable.js';
import { namedVerdict } from './named-verdict.js';
import { nextAwuId } from './next-awu-id.js';
import { NONE } from './none.js';
import { type ResolvedGovernor, validateAttribution } from './resolve-governor.js';
import { RunLimit } from './run-limit.js';
import { runSteps, type Steps } from './run-steps.js';
import {
  tightestBudgetName,
  writeBaseAttributes,
  writeDecisionAttributes,
} from './span-attributes.js';
import { validateRequest } from './validate-request.js';

const NO_POLICY = 'no-applicable-policy';
/** What a policy that throws (from `evaluate` or `rateClaims`) decides: it fails closed. */
const POLICY_ERROR: PolicyVerdict = Object.freeze({
  result: 'BLOCKED',
  reasonCode: 'x_policy_error',
  reason: 'the policy threw; failing closed',
});

/**
 * @internal The pre-execution phase: span, estimate, policies, atomic reservation, telemetry.
 * Returns the AWU itself when nothing had to be awaited (synchronous policies and a ledger with
 * `reserveSync`, such as the in-memory default), else a promise of it. Throws `GenOpsInputError`
 * for a malformed request, before anything was opened or reserved.
 */
export function beginAwu(governor: ResolvedGovernor, request: AwuRequest): Awu | Promise<Awu> {
  validateRequest(request);
  return runSteps(beginSteps(governor, request));
}

function* beginSteps(governor: ResolvedGovernor, request: AwuRequest): Steps<Awu> {
  const { runtime } = governor;
  const attribution = mergeAttribution(governor.attribution, request.attribution);
  const parentHandle = request.parent instanceof AwuHandle ? request.parent : undefined;
  const parentContext = request.context ?? request.parent?.context ?? otelContext.active();
  const span = runtime.tracer.startSpan(request.operation.name, undefined, parentContext);
  const recording = span.isRecording();
  const spanContext = span.spanContext();
  const id =
    recording && trace.isSpanContextValid(spanContext)
      ? `${spanContext.traceId}-${spanContext.spanId}`
      : nextAwuId();
  // The AWU's context is made now only when log records need it (the handle makes it on demand).
  const awuContext = runtime.emitter.toLogs ? trace.setSpan(parentContext, span) : undefined;
  const emit = recording || runtime.emitter.toLogs;

  // Span attributes are written once per phase: who and what now, the decision once it is made.
  if (recording) writeBaseAttributes(span, attribution, request);

  const childrenAccounting = request.runLimit !== undefined || isRun(request);
  const estimate = childrenAccounting
    ? { inputTokens: 0, outputTokens: 0, amount: request.runLimit ?? 0, unit: runtime.meter.unit }
    : governor.estimate(request);
  const nowMs = runtime.clock.nowMs();
  const policyContext: PolicyContext = {
    operation: request.operation,
    attribution,
    provider: request.provider,
    model: request.model,
    region: request.region,
    input: request.input,
    maxOutputTokens: request.maxOutputTokens,
    slaTier: request.slaTier,
    estimate,
    nowMs,
  };

  // Lists are made on their first item (`append`): most AWUs hold one budget and no rate or run
  // limit, and an empty `[]` that is pushed to allocates room for seventeen.
  let evaluations: PolicyDecision[] | undefined;
  let held: HeldBudget[] | undefined;
  let tokenRates: HeldTokenRate[] | undefined;
  let ancestorLimits: RunLimit[] | undefined;
  let refused = false;

  if (!childrenAccounting) {
    // Phase 1: stateless policies, in configuration order; the first refusal stops evaluation.
    let rateClaims: RateClaim[] | undefined;
    /** The reason of each of `rateClaims` (same index), read only when a claim is refused. */
    let rateReasons: (string | undefined)[] | undefined;
    for (const { policy, allowed } of runtime.policies) {
      const mode = policy.mode ?? governor.mode;
      if (policy.evaluate !== undefined) {
        let verdict: PolicyVerdict | undefined;
        try {
          // Synchronous policies are not awaited (no microtask per policy).
          const returned = policy.evaluate(policyContext);
          const value = (isThenable(returned) ? yield returned : returned) as
            | PolicyVerdict
            | undefined;
          // `undefined`: the policy does not apply to this AWU and records no decision.
          verdict = value === undefined ? undefined : checkVerdict(value);
        } catch (error) {
          runtime.report(error, 'policy', id);
          verdict = POLICY_ERROR;
        }
        if (verdict !== undefined) {
          const decision =
            verdict.result === 'ALLOWED' && verdict.reason === undefined
              ? allowed
              : namedVerdict(verdict, policy.name, mode === 'shadow');
          evaluations = append(evaluations, decision);
          if (decision.result === 'BLOCKED' || decision.result === 'RATE_LIMITED') {
            refused = true;
            break;
          }
        }
      }
      if (policy.rateClaims !== undefined) {
        let claims: readonly RateClaimSpec[];
        try {
          claims = policy.rateClaims(policyContext);
        } catch (error) {
          // As a throwing `evaluate`: fails closed (a WARNING in shadow mode, without its claims).
          runtime.report(error, 'policy', id);
          const decision = namedVerdict(POLICY_ERROR, policy.name, mode === 'shadow');
          evaluations = append(evaluations, decision);
          if (decision.result === 'BLOCKED') {
            refused = true;
            break;
          }
          continue;
        }
        for (const claim of claims) {
          rateClaims = append(rateClaims, {
            policy: policy.name,
            key: claim.key,
            intervalMs: claim.intervalMs,
            burst: claim.burst,
            cost: claim.cost,
            enforce: mode === 'enforce',
          });
          rateReasons = append(rateReasons, claim.reason);
          if (claim.costBasis === 'tokens')
            tokenRates = append(tokenRates, { key: claim.key, intervalMs: claim.intervalMs });
        }
      }
    }

    // Run limits of the runs this AWU belongs to (process-local, reserved before the ledger).
    if (!refused) {
      for (let run = parentHandle; run !== undefined; run = run.parentHandle) {
        const limit = run.runLimit;
        if (limit === undefined) continue;
        if (!limit.tryReserve(estimate.amount)) {
          evaluations = append(evaluations, {
            result: 'BLOCKED',
            reasonCode: limit.remaining <= 0 ? 'BUDGET_EXCEEDED' : 'BUDGET_RESERVATION_FAILED',
            policyName: 'run-limit',
            budgetName: `run-limit:${run.operation.name}`,
            reason: `the run limit of ${limit.limit} ${estimate.unit} has ${limit.remaining} left, ${estimate.amount} needed`,
          });
          refused = true;
          break;
        }
        ancestorLimits = append(ancestorLimits, limit);
      }
    }

    // Phase 2: budgets and rate limits, reserved atomically in one ledger call.
    if (!refused) {
      let budgetClaims: BudgetClaim[] | undefined;
      for (const budget of governor.budgets) {
        const key = budget.keyFor(attribution);
        if (key === undefined) continue;
        budgetClaims = append(budgetClaims, {
          budget: budget.name,
          key,
          period: budget.period,
          limit: budget.limit,
          amount: estimate.amount,
          enforce: budget.enforce,
        });
      }
      if (budgetClaims !== undefined || rateClaims !== undefined) {
        let result: ReserveResult | undefined;
        try {
          const reserveRequest = {
            awuId: id,
            leaseMs: runtime.leaseMs,
            budgets: budgetClaims ?? NONE,
            rates: rateClaims ?? NONE,
          };
          const { ledger } = runtime;
          result =
            typeof ledger.reserveSync === 'function'
              ? ledger.reserveSync(reserveRequest)
              : ((yield ledger.reserve(reserveRequest)) as ReserveResult);
        } catch (error) {
          runtime.report(error, 'reserve', id);
          evaluations = append(evaluations, {
            result: 'BLOCKED',
            reasonCode: 'x_ledger_unavailable',
            policyName: 'ledger',
            reason: 'the ledger could not reserve; failing closed',
          });
          refused = true;
        }
        if (result !== undefined) {
          if (result.degraded !== undefined) {
            evaluations = append(evaluations, {
              result: 'WARNING',
              reasonCode: result.degraded.reasonCode,
              policyName: 'ledger',
              reason: result.degraded.reason,
            });
          }
          for (const rate of result.rates) {
            if (rate.allowed) {
              evaluations = append(evaluations, allowedDecision(rate.policy));
              continue;
            }
            // The refused claim itself: by policy and key (two policies may claim the same key).
            const index =
              rateClaims?.findIndex(
                (claim) => claim.policy === rate.policy && claim.key === rate.key,
              ) ?? -1;
            const reason = rateReasons?.[index];
            evaluations = append(
              evaluations,
              namedVerdict(
                {
                  result: 'RATE_LIMITED',
                  reasonCode: 'RATE_LIMITED',
                  retryAfterMs: rate.retryAfterMs,
                  ...(reason === undefined ? {} : { reason }),
                },
                rate.policy,
                rateClaims?.[index]?.enforce === false,
              ),
            );
          }
          for (const position of result.budgets) {
            const budget = governor.budgets.find((candidate) => candidate.name === position.budget);
            if (position.fits) {
              evaluations = append(evaluations, allowedDecision(position.budget));
            } else {
              const reasonCode = position.exhausted
                ? 'BUDGET_EXCEEDED'
                : 'BUDGET_RESERVATION_FAILED';
              const reason = position.exhausted
                ? `budget ${position.budget} (${position.periodId}) has nothing left of ${position.allocated} ${estimate.unit}`
                : `budget ${position.budget} (${position.periodId}) has ${
                    // Positions of a completed reservation already include this AWU's amount.
                    result.reserved ? position.remaining + estimate.amount : position.remaining
                  } ${estimate.unit} left, ${estimate.amount} needed`;
              const verdict: PolicyVerdict = {
                result: budget?.enforce === false && !budget.shadow ? 'WARNING' : 'BLOCKED',
                reasonCode,
                reason,
                budgetName: position.budget,
              };
              evaluations = append(
                evaluations,
                namedVerdict(verdict, position.budget, budget?.shadow === true),
              );
            }
            if (result.reserved) {
              held = append(held, {
                budget: position.budget,
                key: position.key,
                alertAt: budget?.alertAt ?? NONE,
                periodId: position.periodId,
                remainingAfterReservation: position.remaining,
              });
            }
          }
          if (!result.reserved) refused = true;
          else if (recording && result.budgets.length > 0)
            span.setAttribute(A.budgetName, tightestBudgetName(result));
        }
      }
    }
    // A refusal releases what the AWU took of its runs' limits: a further run's limit may have
    // refused after nearer ones reserved, or the ledger may have.
    if (refused && ancestorLimits !== undefined) {
      for (const limit of ancestorLimits) limit.release(estimate.amount);
    }
  } else {
    evaluations = [allowedDecision('run-limit')];
  }

  evaluations ??= [allowedDecision(NO_POLICY)];
  const decision = combineDecisions(evaluations, nowMs);

  if (emit) {
    // Every refusal, warning and reasoned decision is an event of its own; the plain ALLOWED
    // decisions of the other policies are one ALLOWED event naming them all (one SDK event per
    // policy would be most of what a governor with several policies costs).
    let allowedBy: string[] | undefined;
    for (const evaluation of evaluations) {
      if (evaluation.result === 'ALLOWED' && evaluation.reason === undefined) {
        allowedBy ??= [];
        allowedBy.push(evaluation.policyName);
      } else {
        runtime.emitter.emit(span, awuContext, E.evaluated, decisionEventAttributes(evaluation));
      }
    }
    if (allowedBy !== undefined) {
      runtime.emitter.emit(span, awuContext, E.evaluated, allowedEventAttributes(allowedBy));
    }
  }
  if (recording) writeDecisionAttributes(span, decision);

  const awu = new AwuHandle(
    runtime,
    id,
    span,
    recording,
    parentContext,
    awuContext,
    attribution,
    request.operation,
    decision,
    estimate,
    policyContext,
    held ?? NONE,
    tokenRates ?? NONE,
    ancestorLimits ?? NONE,
    request.runLimit === undefined ? undefined : new RunLimit(request.runLimit),
    childrenAccounting,
    parentHandle,
  );

  if (!decision.proceeds) {
    if (recording) span.setAttribute(A.outcome, 'refused');
    span.end();
    return awu;
  }
  if (emit) {
    if (recording) {
      span.setAttribute(A.reserved, estimate.amount);
      span.setAttribute(A.unit, estimate.unit);
    }
    if (held === undefined) {
      runtime.emitter.emit(span, awuContext, E.reservation, {
        [A.reserved]: estimate.amount,
        [A.unit]: estimate.unit,
      });
    } else {
      for (const budget of held) {
        runtime.emitter.emit(span, awuContext, E.reservation, {
          [A.reserved]: estimate.amount,
          [A.unit]: estimate.unit,
          [A.budgetName]: budget.budget,
          [A.budgetRemaining]: budget.remainingAfterReservation,
          [A.budgetPeriod]: budget.periodId,
        });
      }
    }
  }
  return awu;
}

function isRun(request: AwuRequest): boolean {
  const { type } = request.operation;
  return type === 'chain' || type === 'agent';
}

function mergeAttribution(
  base: Readonly<Attribution>,
  overrides: AwuRequest['attribution'],
): Readonly<Attribution> {
  if (overrides === undefined) return base;
  return validateAttribution(
    overrides,
    'request.attribution',
    false,
    GenOpsInputError,
    base,
  ) as Readonly<Attribution>;
}
