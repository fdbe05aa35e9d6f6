import { context as otelContext, trace } from '@opentelemetry/api';
import { RunLimit } from '../accounting/run-limit.js';
import type { Attribution } from '../attribution/attribution.js';
import {
  type ValidateAttributionOptions,
  validateAttribution,
} from '../attribution/validate-attribution.js';
import type { Awu } from '../awu.js';
import type { AwuRequest } from '../awu-request.js';
import { allowedDecision } from '../decision/allowed-decision.js';
import { checkVerdict } from '../decision/check-verdict.js';
import { combineDecisions } from '../decision/combine-decisions.js';
import type { PolicyVerdict } from '../decision/decision.js';
import { namedVerdict } from '../decision/named-verdict.js';
import { isThenable } from '../internal/is-thenable.js';
import { nextAwuId } from '../internal/next-awu-id.js';
import { NONE } from '../internal/none.js';
import type { ReserveResult } from '../ledger/ledger.js';
import type { PolicyContext, RateClaimSpec } from '../policies/governance-policy.js';
import { A } from '../telemetry/attribute-names.js';
import { emitDecisionEvents } from '../telemetry/emit-decision-events.js';
import { emitReservationEvents } from '../telemetry/emit-reservation-events.js';
import {
  tightestBudgetName,
  writeBaseAttributes,
  writeDecisionAttributes,
} from '../telemetry/span-attributes.js';
import { AwuHandle } from './awu-handle.js';
import { PreExecution } from './pre-execution.js';
import { runSteps, type Steps } from './run-steps.js';
import type { ResolvedGovernor } from './runtime.js';
import { validateRequest } from './validate-request.js';

const NO_POLICY = 'no-applicable-policy';
const REQUEST_ATTRIBUTION: ValidateAttributionOptions = {
  field: 'request.attribution',
  kind: 'input',
};
/** What a policy that throws (from `evaluate` or `rateClaims`) decides: it fails closed. */
const POLICY_ERROR: PolicyVerdict = Object.freeze({
  result: 'BLOCKED',
  reasonCode: 'x_policy_error',
  reason: 'the policy threw; failing closed',
});

/**
 * @internal The pre-execution phase: span, estimate, policies, atomic reservation, telemetry.
 * Returns the AWU itself when nothing had to be awaited (synchronous policies and a ledger with the
 * synchronous protocol, such as the in-memory default), else a promise of it. Throws `GenOpsInputError`
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

  const phase = new PreExecution(estimate);
  if (!childrenAccounting) {
    // Phase 1: stateless policies, in configuration order; the first refusal stops evaluation.
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
          verdict = value === undefined ? undefined : checkVerdict(value, policy.name);
        } catch (error) {
          runtime.report(error, 'policy', id);
          verdict = POLICY_ERROR;
        }
        if (verdict !== undefined) {
          phase.decide(
            verdict.result === 'ALLOWED' && verdict.reason === undefined
              ? allowed
              : namedVerdict(verdict, policy.name, mode === 'shadow'),
          );
          if (phase.refused) break;
        }
      }
      if (policy.rateClaims !== undefined) {
        let claims: readonly RateClaimSpec[];
        try {
          claims = policy.rateClaims(policyContext);
        } catch (error) {
          // As a throwing `evaluate`: fails closed (a WARNING in shadow mode, without its claims).
          runtime.report(error, 'policy', id);
          phase.decide(namedVerdict(POLICY_ERROR, policy.name, mode === 'shadow'));
          if (phase.refused) break;
          continue;
        }
        phase.claimRates(policy.name, mode, claims);
      }
    }
    if (!phase.refused) phase.reserveRunLimits(parentHandle);

    // Phase 2: budgets and rate limits, reserved atomically in one ledger call.
    const budgetClaims = phase.refused
      ? undefined
      : phase.budgetClaims(governor.budgets, attribution);
    // Rate claims of earlier policies are not sent once a later policy refused.
    const rateClaims = phase.refused ? undefined : phase.rateClaims;
    if (budgetClaims !== undefined || rateClaims !== undefined) {
      let result: ReserveResult | undefined;
      try {
        const reserveRequest = {
          awuId: id,
          leaseMs: runtime.leaseMs,
          budgets: budgetClaims ?? NONE,
          rates: rateClaims ?? NONE,
        };
        const { synchronousLedger } = runtime;
        result =
          synchronousLedger !== undefined
            ? synchronousLedger.reserve(reserveRequest)
            : ((yield runtime.ledger.reserve(reserveRequest)) as ReserveResult);
      } catch (error) {
        runtime.report(error, 'reserve', id);
        phase.decide({
          result: 'BLOCKED',
          reasonCode: 'x_ledger_unavailable',
          policyName: 'ledger',
          reason: 'the ledger could not reserve; failing closed',
        });
      }
      if (result !== undefined) {
        phase.readReservation(result, governor.budgets);
        if (result.reserved && recording && result.budgets.length > 0)
          span.setAttribute(A.budgetName, tightestBudgetName(result));
      }
    }
  } else {
    phase.decide(allowedDecision('run-limit'));
  }

  const evaluations = phase.evaluations ?? [allowedDecision(NO_POLICY)];
  const decision = combineDecisions(evaluations, nowMs);
  if (!decision.proceeds) {
    // A refused AWU gives back what it took: the run limits nearer runs reserved before a further
    // one refused, and whatever a ledger reserved despite a refusal.
    phase.release(() => {
      runtime.pending.track(
        runtime.ledger.release(id).catch((error: unknown) => runtime.report(error, 'release', id)),
      );
    });
  }
  if (emit) emitDecisionEvents(runtime, span, awuContext, evaluations);
  if (recording) writeDecisionAttributes(span, decision);

  const { held } = phase;
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
    held,
    phase.tokenRates,
    phase.ancestorLimits,
    request.runLimit === undefined ? undefined : new RunLimit(request.runLimit),
    childrenAccounting,
    parentHandle,
  );

  if (!decision.proceeds) {
    if (recording) span.setAttribute(A.outcome, 'refused');
    span.end();
    return awu;
  }
  if (recording) {
    span.setAttribute(A.reserved, estimate.amount);
    span.setAttribute(A.unit, estimate.unit);
  }
  if (emit) emitReservationEvents(runtime, span, awuContext, estimate, held);
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
  return validateAttribution(overrides, REQUEST_ATTRIBUTION, base) as Readonly<Attribution>;
}
