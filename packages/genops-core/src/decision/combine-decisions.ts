import { DECISION_SEVERITY, type Decision, type PolicyDecision } from './decision.js';

/**
 * @internal Most severe wins (BLOCKED > RATE_LIMITED > WARNING > ALLOWED); among equals the first
 * in evaluation order. Pure: the same evaluations always give the same decision.
 */
export function combineDecisions(
  evaluations: readonly PolicyDecision[],
  timestampMs: number,
): Decision {
  let worst: PolicyDecision | undefined;
  for (const evaluation of evaluations) {
    // Most evaluations allow: nothing to compare once a decision is known.
    if (evaluation.result === 'ALLOWED' && worst !== undefined) continue;
    if (
      worst === undefined ||
      DECISION_SEVERITY[evaluation.result] > DECISION_SEVERITY[worst.result]
    ) {
      worst = evaluation;
    }
  }
  if (worst === undefined || worst.result === 'ALLOWED') {
    return { result: 'ALLOWED', proceeds: true, evaluations, timestampMs };
  }
  const common = {
    evaluations,
    timestampMs,
    reasonCode: worst.reasonCode,
    policyName: worst.policyName,
    ...(worst.reason === undefined ? {} : { reason: worst.reason }),
  };
  switch (worst.result) {
    case 'WARNING':
      return {
        ...common,
        result: 'WARNING',
        proceeds: true,
        shadowed: worst.shadowed === true,
        ...(worst.budgetName === undefined ? {} : { budgetName: worst.budgetName }),
      };
    case 'BLOCKED':
      return {
        ...common,
        result: 'BLOCKED',
        proceeds: false,
        ...(worst.budgetName === undefined ? {} : { budgetName: worst.budgetName }),
      };
    case 'RATE_LIMITED':
      return {
        ...common,
        result: 'RATE_LIMITED',
        proceeds: false,
        retryAfterMs: worst.retryAfterMs,
      };
  }
}
