import type { Attributes } from '@opentelemetry/api';
import type { Attribution } from '../attribution.js';
import type { AwuRequest } from '../awu-request.js';
import type { Decision } from '../decision.js';
import type { ReserveResult } from '../ledger/ledger.js';
import { GENOPS_SPEC_VERSION } from '../spec-version.js';
import { A } from './attribute-names.js';

/** @internal Attributes an AWU span gets at `begin`: spec version, attribution, operation, model. */
export function baseAttributes(
  attribution: Readonly<Attribution>,
  request: AwuRequest,
): Attributes {
  const attributes: Attributes = {
    [A.specVersion]: GENOPS_SPEC_VERSION,
    [A.operationName]: request.operation.name,
    [A.operationType]: request.operation.type,
    [A.team]: attribution.team,
    [A.project]: attribution.project,
    [A.environment]: attribution.environment,
  };
  if (attribution.customer_id !== undefined)
    attributes['genops.customer_id'] = attribution.customer_id;
  if (attribution.feature !== undefined) attributes['genops.feature'] = attribution.feature;
  if (attribution.session_id !== undefined)
    attributes['genops.session_id'] = attribution.session_id;
  if (attribution.cost_center !== undefined)
    attributes['genops.cost_center'] = attribution.cost_center;
  if (request.provider !== undefined) attributes[A.genAiProvider] = request.provider;
  if (request.model !== undefined) attributes[A.genAiModel] = request.model;
  return attributes;
}

/**
 * @internal The combined decision's span attributes. The decision time is not repeated on the span
 * (`genops.policy.timestamp`): it is the time of its `genops.policy.evaluated` events.
 */
export function decisionAttributes(decision: Decision): Attributes {
  const attributes: Attributes = { [A.result]: decision.result };
  if (decision.result !== 'ALLOWED') {
    attributes[A.reasonCode] = decision.reasonCode;
    attributes[A.policyName] = decision.policyName;
    if (decision.reason !== undefined) attributes[A.policyReason] = decision.reason;
    if (decision.result === 'WARNING' && decision.shadowed) attributes[A.shadowed] = true;
  }
  return attributes;
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
