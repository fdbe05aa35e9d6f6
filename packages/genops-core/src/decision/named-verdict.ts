import type { Mutable } from '../internal/mutable.js';
import { allowedDecision } from './allowed-decision.js';
import type { PolicyDecision, PolicyVerdict } from './decision.js';

/**
 * @internal Attributes a verdict to its policy; in shadow mode a refusal becomes a `WARNING` with
 * the same reason code, marked as shadowed.
 */
export function namedVerdict(
  verdict: PolicyVerdict,
  policyName: string,
  shadow: boolean,
): PolicyDecision {
  if (shadow && (verdict.result === 'BLOCKED' || verdict.result === 'RATE_LIMITED')) {
    const { reasonCode, reason } = verdict;
    return {
      result: 'WARNING',
      reasonCode,
      policyName,
      shadowed: true,
      ...(reason === undefined ? {} : { reason }),
      ...(verdict.result === 'BLOCKED' && verdict.budgetName !== undefined
        ? { budgetName: verdict.budgetName }
        : {}),
    };
  }
  // Built field by field (no spread of the policy's object: cheaper, and nothing else is copied).
  const { reason } = verdict;
  switch (verdict.result) {
    case 'ALLOWED':
      return reason === undefined
        ? allowedDecision(policyName)
        : { result: 'ALLOWED', reason, policyName };
    case 'RATE_LIMITED': {
      const decision: Mutable<PolicyDecision & { result: 'RATE_LIMITED' }> = {
        result: 'RATE_LIMITED',
        reasonCode: verdict.reasonCode,
        retryAfterMs: verdict.retryAfterMs,
        policyName,
      };
      if (reason !== undefined) decision.reason = reason;
      return decision;
    }
    default: {
      const decision: Mutable<PolicyDecision & { result: 'WARNING' | 'BLOCKED' }> = {
        result: verdict.result,
        reasonCode: verdict.reasonCode,
        policyName,
      };
      if (reason !== undefined) decision.reason = reason;
      if (verdict.budgetName !== undefined) decision.budgetName = verdict.budgetName;
      return decision;
    }
  }
}
