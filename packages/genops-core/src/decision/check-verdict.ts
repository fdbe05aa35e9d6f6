import { GenOpsConfigError } from '../errors/genops-config-error.js';
import type { PolicyVerdict } from './decision.js';
import { isReasonCode } from './reason-code.js';

/**
 * @internal The one verdict check, applied by the governor to every policy's verdict (and by
 * `definePolicy` for its declared `reasonCodes`): a decision state of GenOps v0.1, a taxonomy or
 * `x_` reason code (one of `allowed` when given), a `retryAfterMs` on `RATE_LIMITED`. Throws
 * `GenOpsConfigError` naming `<policy>.evaluate()…`; the governor then fails closed.
 */
export function checkVerdict(
  verdict: PolicyVerdict,
  policyName: string,
  allowed?: ReadonlySet<string>,
): PolicyVerdict {
  if (typeof verdict !== 'object' || verdict === null) {
    throw new GenOpsConfigError({
      field: `${policyName}.evaluate()`,
      expected: 'a verdict object or undefined',
      received: verdict,
    });
  }
  const { result } = verdict;
  if (result === 'ALLOWED') return verdict;
  if (result !== 'WARNING' && result !== 'BLOCKED' && result !== 'RATE_LIMITED') {
    throw new GenOpsConfigError({
      field: `${policyName}.evaluate().result`,
      expected: "'ALLOWED', 'WARNING', 'BLOCKED' or 'RATE_LIMITED'",
      received: result,
    });
  }
  const code: unknown = verdict.reasonCode;
  if (!isReasonCode(code) || (allowed !== undefined && !allowed.has(code))) {
    throw new GenOpsConfigError({
      field: `${policyName}.evaluate().reasonCode`,
      expected:
        allowed === undefined
          ? 'a GenOps taxonomy reason code or an x_ extension'
          : `one of the declared reasonCodes (${[...allowed].join(', ')})`,
      received: code,
    });
  }
  if (
    result === 'RATE_LIMITED' &&
    !(Number.isFinite(verdict.retryAfterMs) && verdict.retryAfterMs >= 0)
  ) {
    throw new GenOpsConfigError({
      field: `${policyName}.evaluate().retryAfterMs`,
      expected: 'a finite number of milliseconds >= 0 on a RATE_LIMITED verdict',
      received: verdict.retryAfterMs,
    });
  }
  return verdict;
}
