import type { Attributes } from '@opentelemetry/api';
import type { PolicyDecision } from '../decision.js';
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
