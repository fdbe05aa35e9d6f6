import type { PolicyDecision } from '../decision.js';

/** Names seen are configuration (policy and budget names), but the cache stays bounded anyway. */
const MAX_NAMES = 1_000;
const decisions = new Map<string, PolicyDecision>();

/**
 * @internal The plain `ALLOWED` decision of a policy (no reason), one frozen object per policy
 * name: most decisions of most AWUs are these, and sharing them spares an allocation per policy
 * per AWU (and lets `decisionEventAttributes` reuse their event attributes).
 */
export function allowedDecision(policyName: string): PolicyDecision {
  let decision = decisions.get(policyName);
  if (decision === undefined) {
    if (decisions.size >= MAX_NAMES) decisions.clear();
    decision = Object.freeze({ result: 'ALLOWED', policyName });
    decisions.set(policyName, decision);
  }
  return decision;
}
