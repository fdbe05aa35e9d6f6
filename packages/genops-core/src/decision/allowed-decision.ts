import { boundedMemo } from '../internal/bounded-memo.js';
import type { PolicyDecision } from './decision.js';

/**
 * @internal The plain `ALLOWED` decision of a policy (no reason), one frozen object per policy
 * name (names are configuration; the memo stays bounded anyway): most decisions of most AWUs are
 * these, and sharing them spares an allocation per policy per AWU.
 */
export const allowedDecision: (policyName: string) => PolicyDecision = boundedMemo((policyName) =>
  Object.freeze({ result: 'ALLOWED', policyName }),
);
