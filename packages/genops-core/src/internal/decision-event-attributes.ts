import type { Attributes } from '@opentelemetry/api';
import type { PolicyDecision } from '../decision.js';
import { allowedDecision } from './allowed-decision.js';
import { A } from './attribute-names.js';

/** Event attributes of the shared plain `ALLOWED` decisions (see `allowedDecision`), frozen. */
const allowedAttributes = new WeakMap<PolicyDecision, Attributes>();

/** @internal Attributes of one `genops.policy.evaluated` event. */
export function decisionEventAttributes(decision: PolicyDecision): Attributes {
  if (Object.isFrozen(decision) && decision.result === 'ALLOWED' && decision.reason === undefined) {
    let shared = allowedAttributes.get(decision);
    if (shared === undefined) {
      shared = Object.freeze({ [A.result]: 'ALLOWED', [A.policyName]: decision.policyName });
      allowedAttributes.set(decision, shared);
    }
    return shared;
  }
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
  if (policyNames.length === 1) {
    return decisionEventAttributes(allowedDecision(policyNames[0] as string));
  }
  return { [A.result]: 'ALLOWED', [A.policyNames]: policyNames as string[] };
}
