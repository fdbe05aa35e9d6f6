import type { Attributes } from '@opentelemetry/api';
import type { PolicyDecision } from '../decision.js';
import { A } from './attribute-names.js';

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
