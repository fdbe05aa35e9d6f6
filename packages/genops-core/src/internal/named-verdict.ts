import type { PolicyDecision, PolicyVerdict } from '../decision.js';

import { allowedDecision } from './allowed-decision.js';
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
  if (verdict.result === 'ALLOWED' && verdict.reason === undefined)
    return allowedDecision(policyName);
  return { ...verdict, policyName };
}
