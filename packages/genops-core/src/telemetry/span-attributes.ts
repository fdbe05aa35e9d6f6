import type { Span } from '@opentelemetry/api';
import type { Attribution } from '../attribution/attribution.js';
import type { AwuRequest } from '../awu-request.js';
import type { Decision } from '../decision/decision.js';
import type { ReserveResult } from '../ledger/ledger.js';
import { GENOPS_SPEC_VERSION } from '../spec-version.js';
import { A } from './attribute-names.js';

/**
 * @internal Writes the attributes an AWU span gets at `begin`: spec version, attribution,
 * operation, model. Attributes go to the span one by one: the SDK stores each anyway, and an
 * intermediate object only adds a walk over it (`pnpm bench core` compares the two).
 */
export function writeBaseAttributes(
  span: Span,
  attribution: Readonly<Attribution>,
  request: AwuRequest,
): void {
  span.setAttribute(A.specVersion, GENOPS_SPEC_VERSION);
  span.setAttribute(A.operationName, request.operation.name);
  span.setAttribute(A.operationType, request.operation.type);
  span.setAttribute(A.team, attribution.team);
  span.setAttribute(A.project, attribution.project);
  span.setAttribute(A.environment, attribution.environment);
  if (attribution.customer_id !== undefined)
    span.setAttribute('genops.customer_id', attribution.customer_id);
  if (attribution.feature !== undefined) span.setAttribute('genops.feature', attribution.feature);
  if (attribution.session_id !== undefined)
    span.setAttribute('genops.session_id', attribution.session_id);
  if (attribution.cost_center !== undefined)
    span.setAttribute('genops.cost_center', attribution.cost_center);
  if (request.provider !== undefined) span.setAttribute(A.genAiProvider, request.provider);
  if (request.model !== undefined) span.setAttribute(A.genAiModel, request.model);
}

/**
 * @internal Writes the combined decision's span attributes. The decision time is not repeated on
 * the span (`genops.policy.timestamp`): it is the time of its `genops.policy.evaluated` events.
 */
export function writeDecisionAttributes(span: Span, decision: Decision): void {
  span.setAttribute(A.result, decision.result);
  if (decision.result !== 'ALLOWED') {
    span.setAttribute(A.reasonCode, decision.reasonCode);
    span.setAttribute(A.policyName, decision.policyName);
    if (decision.reason !== undefined) span.setAttribute(A.policyReason, decision.reason);
    if (decision.result === 'WARNING' && decision.shadowed) span.setAttribute(A.shadowed, true);
  }
}

/**
 * @internal The name of the tightest budget (least remaining relative to its allocation), the
 * budget an AWU span names; what each budget has left and its period are on that budget's
 * `genops.budget.reservation` event.
 */
export function tightestBudgetName(result: ReserveResult): string {
  let tightest = result.budgets[0]!;
  for (const position of result.budgets) {
    const ratio = position.allocated === 0 ? -Infinity : position.remaining / position.allocated;
    const best = tightest.allocated === 0 ? -Infinity : tightest.remaining / tightest.allocated;
    if (ratio < best) tightest = position;
  }
  return tightest.budget;
}
