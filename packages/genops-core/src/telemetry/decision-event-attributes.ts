import type { Attributes } from '@opentelemetry/api';
import type { PolicyDecision } from '../decision/decision.js';
import { boundedMemo } from '../internal/bounded-memo.js';
import { A } from './attribute-names.js';

/** The frozen attributes of the `ALLOWED` event of one policy, by policy name. */
const allowedByOne = boundedMemo(
  (policyName): Attributes => Object.freeze({ [A.result]: 'ALLOWED', [A.policyName]: policyName }),
);

/** @internal Attributes of one `genops.policy.evaluated` event. */
export function decisionEventAttributes(decision: PolicyDecision): Attributes {
  const attributes: Attributes = {
    [A.result]: decision.result,
    [A.policyName]: decision.policyName,
  };
  if (decision.result !== 'ALLOWED') {
    attributes[A.reasonCode] = decision.reasonCode;
    if (decision.result === 'RATE_LIMITED')
      attributes['genopsjs.policy.retry_after_ms'] = decision.retryAfterMs;
    else if (decision.budgetName !== undefined) attributes[A.budgetName] = decision.budgetName;
  }
  if (decision.reason !== undefined) attributes[A.policyReason] = decision.reason;
  if (decision.shadowed) attributes[A.shadowed] = true;
  return attributes;
}

/**
 * @internal Attributes of the one `genops.policy.evaluated` event of the plain `ALLOWED` decisions
 * of an AWU: named by `genops.policy.name` when one policy allowed it, by `genopsjs.policy.names`
 * (in evaluation order) when several did.
 */
export function allowedEventAttributes(policyNames: readonly string[]): Attributes {
  if (policyNames.length === 1) return allowedByOne(policyNames[0] as string);
  return { [A.result]: 'ALLOWED', [A.policyNames]: policyNames as string[] };
}
