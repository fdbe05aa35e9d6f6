import { context as otelContext, trace } from '@opentelemetry/api';
import { runOf } from '../accounting/awu-run.js';
import type { Estimate } from '../accounting/estimate.js';
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
import type { ReserveRequest, ReserveResult } from '../ledger/ledger.js';
import type { PolicyContext, RateClaimSpec } from '../policies/governance-policy.js';
import { A } from '../telemetry/attribute-names.js';
import { emitDecisionEvents } from '../telemetry/emit-decision-events.js';
import { emitReservationEvents } from '../telemetry/emit-reservation-events.js';
import {
  tightestBudgetName,
  writeBaseAttributes,
  writeDecisionAttributes,
} from '../telemetry/span-attributes.js';
import { AwuHandle, type OpenedAwu } from './awu-handle.js';
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

/** What a failing ledger decides: the AWU fails closed. */
const LEDGER_UNAVAILABLE: PolicyVerdict = Object.freeze({
  result: 'BLOCKED',
  reasonCode: 'x_ledger_unavailable',
  reason: 'the ledger could not reserve; failing closed',
});

/**
 * @internal The pre-execution phase: span, estimate, policies, atomic reservation, telemetry.
 * Returns the AWU itself when nothing had to be awaited (synchronous policies and a ledger with the
 * synchronous protocol, such as the in-memory default), else a promise of it. Throws
 * `GenOpsInputError` for a malformed request, before anything was opened or reserved.
 */
export function beginAwu(governor: ResolvedGovernor, request: AwuRequest): Awu | Promise<Awu> {
  validateRequest(request);
  return runSteps(beginSteps(governor, request));
}

function* beginSteps(governor: ResolvedGovernor, request: AwuRequest): Steps<Awu> {
  // The first call for a model waits for its tokenizer, before anything is opened: a tokenizer
  // that cannot load rejects `begin` with its GenOpsConfigError and leaves nothing behind.
  const runs = request.runLimit !== undefined || isRun(request);
  const tokenizer = runs ? undefined : governor.estimatorReady(request);
  if (tokenizer !== undefined) yield tokenizer;
  const opened = openAwu(governor, request);
  const phase = new PreExecution(opened.estimate);
  if (opened.childrenAccounting) {
    phase.decide(allowedDecision('run-limit'));
  } else {
    yield* evaluatePolicies(governor, opened, phase);
    if (!phase.refused) phase.reserveRunLimits(opened.parentRun);
    // Rate claims of earlier policies are not sent once a later policy refused.
    if (!phase.refused) yield* reserve(governor, opened, phase);
  }
  return conclude(opened, phase);
}

/** Opens the AWU's span and fixes what its policies see: attribution, estimate, run. */
function openAwu(governor: ResolvedGovernor, request: AwuRequest): OpenedAwu {
  const { runtime } = governor;
  const attribution = mergeAttribution(governor.attribution, request.attribution);
  const parentContext = request.context ?? request.parent?.context ?? otelContext.active();
  const span = runtime.tracer.startSpan(request.operation.name, undefined, parentContext);
  const recording = span.isRecording();
  const spanContext = span.spanContext();
  const id =
    recording && trace.isSpanContextValid(spanContext)
      ? `${spanContext.traceId}-${spanContext.spanId}`
      : nextAwuId();
  // Span attributes are written once per phase: who and what now, the decision once it is made.
  if (recording) writeBaseAttributes(span, attribution, request);
  const runLimit = runLimitOf(request);
  const childrenAccounting = runLimit !== undefined || isRun(request);
  const estimate: Estimate = childrenAccounting
    ? {
        inputTokens: 0,
        outputTokens: 0,
        amount: runLimit?.limit ?? 0,
        unit: runtime.converter.unit,
      }
    : governor.estimate(request);
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
    nowMs: runtime.clock.nowMs(),
  };
  return {
    runtime,
    id,
    span,
    recording,
    parentContext,
    // Made now only when log records need it (the handle makes it on demand).
    awuContext: runtime.emitter.toLogs ? trace.setSpan(parentContext, span) : undefined,
    attribution,
    estimate,
    policyContext,
    childrenAccounting,
    runLimit,
    parentRun: runOf(request.parent),
  };
}

/** The run limit a request sets; a continuation gets what the run it continues left. */
function runLimitOf(request: AwuRequest): RunLimit | undefined {
  const continued = runOf(request.continues)?.runLimit;
  if (continued !== undefined)
    return new RunLimit(Math.max(0, continued.limit - continued.consumed));
  return request.runLimit === undefined ? undefined : new RunLimit(request.runLimit);
}

/** Phase 1: stateless policies, in configuration order; the first refusal stops evaluation. */
function* evaluatePolicies(
  governor: ResolvedGovernor,
  { runtime, id, policyContext }: OpenedAwu,
  phase: PreExecution,
): Steps<void> {
  for (const { policy, allowed } of runtime.policies) {
    const shadow = (policy.mode ?? governor.mode) === 'shadow';
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
            : namedVerdict(verdict, policy.name, shadow),
        );
        if (phase.refused) return;
      }
    }
    if (policy.rateClaims !== undefined) {
      let claims: readonly RateClaimSpec[];
      try {
        claims = policy.rateClaims(policyContext);
      } catch (error) {
        // As a throwing `evaluate`: fails closed (a WARNING in shadow mode, without its claims).
        runtime.report(error, 'policy', id);
        phase.decide(namedVerdict(POLICY_ERROR, policy.name, shadow));
        if (phase.refused) return;
        continue;
      }
      phase.claimRates(policy.name, shadow ? 'shadow' : 'enforce', claims);
    }
  }
}

/** Phase 2: budgets and rate limits, reserved atomically in one ledger call. */
function* reserve(
  governor: ResolvedGovernor,
  { runtime, id, span, recording, attribution }: OpenedAwu,
  phase: PreExecution,
): Steps<void> {
  const budgetClaims = phase.budgetClaims(governor.budgets, attribution);
  const rateClaims = phase.rateClaims;
  if (budgetClaims === undefined && rateClaims === undefined) return;
  const request: ReserveRequest = {
    awuId: id,
    leaseMs: runtime.leaseMs,
    budgets: budgetClaims ?? NONE,
    rates: rateClaims ?? NONE,
  };
  let result: ReserveResult;
  try {
    const { synchronousLedger } = runtime;
    result =
      synchronousLedger !== undefined
        ? synchronousLedger.reserve(request)
        : ((yield runtime.ledger.reserve(request)) as ReserveResult);
  } catch (error) {
    runtime.report(error, 'reserve', id);
    phase.decide(namedVerdict(LEDGER_UNAVAILABLE, 'ledger', false));
    return;
  }
  phase.readReservation(result, governor.budgets);
  if (result.reserved && recording && result.budgets.length > 0) {
    span.setAttribute(A.budgetName, tightestBudgetName(result));
  }
}

/** Combines the decisions, emits them, and makes the AWU; a refused one ends here. */
function conclude(opened: OpenedAwu, phase: PreExecution): AwuHandle {
  const { runtime, id, span, recording, awuContext, estimate } = opened;
  const evaluations = phase.evaluations ?? [allowedDecision(NO_POLICY)];
  const decision = combineDecisions(evaluations, opened.policyContext.nowMs);
  if (!decision.proceeds) {
    // A refused AWU gives back what it took: the run limits nearer runs reserved before a further
    // one refused, and whatever a ledger reserved despite a refusal.
    phase.release(() => {
      runtime.pending.track(
        runtime.ledger.release(id).catch((error: unknown) => runtime.report(error, 'release', id)),
      );
    });
  }
  const emit = recording || runtime.emitter.toLogs;
  if (emit) emitDecisionEvents(runtime, span, awuContext, evaluations);
  if (recording) writeDecisionAttributes(span, decision);
  const reservation = phase.reservation;
  // Written out, not spread from `opened`: a spread copies through a slow generic path here.
  const awu = new AwuHandle({
    runtime,
    id,
    span,
    recording,
    parentContext: opened.parentContext,
    awuContext,
    attribution: opened.attribution,
    estimate,
    policyContext: opened.policyContext,
    childrenAccounting: opened.childrenAccounting,
    runLimit: opened.runLimit,
    parentRun: opened.parentRun,
    operation: opened.policyContext.operation,
    decision,
    reservation,
  });
  if (!decision.proceeds) {
    if (recording) span.setAttribute(A.outcome, 'refused');
    span.end();
    return awu;
  }
  if (recording) {
    span.setAttribute(A.reserved, estimate.amount);
    span.setAttribute(A.unit, estimate.unit);
  }
  if (emit) emitReservationEvents(runtime, span, awuContext, estimate, reservation.held);
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
