import type { PolicyVerdict } from './decision.js';
import { isReasonCode } from './reason-code.js';

/** @internal Rejects a verdict outside the GenOps v0.1 states or reason codes (the caller fails closed). */
export function checkVerdict(verdict: PolicyVerdict): PolicyVerdict {
  if (typeof verdict !== 'object' || verdict === null)
    throw new TypeError('a policy returned no verdict');
  const { result } = verdict;
  if (result === 'ALLOWED') return verdict;
  if (result !== 'WARNING' && result !== 'BLOCKED' && result !== 'RATE_LIMITED') {
    throw new TypeError(
      `a policy returned the decision state ${String(result)}, outside the GenOps v0.1 set`,
    );
  }
  if (!isReasonCode(verdict.reasonCode)) {
    throw new TypeError(
      `a policy returned the reason code ${String(verdict.reasonCode)}, neither a taxonomy code nor an x_ extension`,
    );
  }
  if (
    result === 'RATE_LIMITED' &&
    !(Number.isFinite(verdict.retryAfterMs) && verdict.retryAfterMs >= 0)
  ) {
    throw new TypeError('a RATE_LIMITED verdict needs retryAfterMs >= 0');
  }
  return verdict;
}
