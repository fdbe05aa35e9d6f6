import { context as otelContext, trace } from '@opentelemetry/api';
import type { Attribution } from '../attribution.js';
import type { Awu } from '../awu.js';
import type { AwuRequest } from '../awu-request.js';
import type { PolicyVerdict } from '../decision.js';
import { GenOpsInputError } from '../errors/genops-input-error.js';
import type { ReserveResult } from '../ledger/ledger.js';
import type { PolicyContext, RateClaimSpec } from '../policies/governance-policy.js';
import { allowedDecision } from './allowed-decision.js';
import { A } from './attribute-names.js';
import { AwuHandle } from './awu-handle.js';
import { checkVerdict } from './check-verdict.js';
import { combineDecisions } from './combine-decisions.js';
import { emitDecisionEvents } from './emit-decision-events.js';
import { emitReservationEvents } from './emit-reservation-events.js';
import { isThenable } from './is-thenable.js';
import { namedVerdict } from './named-verdict.js';
import { nextAwuId } from './next-awu-id.js';
import { NONE } from './none.js';
import { PreExecution } from './pre-execution.js';
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
  const childrenAccounting = request.runLimit !== undefined || isRun(request);
  // The first call for a model waits for its tokenizer, before anything is opened: a tokenizer
  // that cannot load rejects `begin` with its GenOpsConfigError and leaves nothing behind.
  const tokenizer = childrenAccounting ? undefined : governor.estimatorReady(request);
  if (tokenizer !== undefined) yield tokenizer;
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
          verdict = value === undefined ? undefined : checkVerdict(value);
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
        const { ledger } = runtime;
        result =
          typeof ledger.reserveSync === 'function'
            ? ledger.reserveSync(reserveRequest)
            : ((yield ledger.reserve(reserveRequest)) as ReserveResult);
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
  return validateAttribution(
    overrides,
    'request.attribution',
    false,
    GenOpsInputError,
    base,
  ) as Readonly<Attribution>;
}
