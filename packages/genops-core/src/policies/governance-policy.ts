import type { Attributes } from '@opentelemetry/api';
import type { Attribution } from '../attribution.js';
import type { EstimateInput, Operation, TokenUsage } from '../awu-request.js';
import type { PolicyVerdict } from '../decision.js';

/** Whether a policy refuses (`enforce`) or only reports what it would have done (`shadow`). */
export type PolicyMode = 'enforce' | 'shadow';

/** The reservation estimate of an AWU. */
export interface Estimate {
  /** Input tokens counted from the prompt (or given precomputed). */
  readonly inputTokens: number;
  /** Output tokens reserved: the call's cap, or the governor's default. */
  readonly outputTokens: number;
  /** Amount reserved, in `unit`. */
  readonly amount: number;
  /** Accounting unit (`genops.accounting.unit`). */
  readonly unit: string;
}

/** What a policy sees when it evaluates an AWU before execution. Read-only. */
export interface PolicyContext {
  readonly operation: Operation;
  readonly attribution: Readonly<Attribution>;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly region: string | undefined;
  readonly input: EstimateInput | undefined;
  /** The output cap the call asked for (`undefined` when it set none). */
  readonly maxOutputTokens: number | undefined;
  readonly slaTier: string | undefined;
  readonly estimate: Estimate;
  /** Decision time, Unix epoch ms. */
  readonly nowMs: number;
}

/** A rate claim a policy asks the governor to reserve atomically with the budgets. */
export interface RateClaimSpec {
  /** State key (policy name plus scope values). */
  readonly key: string;
  readonly intervalMs: number;
  readonly burst: number;
  readonly cost: number;
  /** `tokens` claims are corrected with the actual token count at settle. */
  readonly costBasis: 'request' | 'tokens';
}

/** What happened during execution, for post-execution policies (SLA). */
export interface ExecutionOutcome {
  /** End-to-end latency of the execution phase, ms. */
  readonly latencyMs: number;
  readonly usage: TokenUsage | undefined;
  readonly failed: boolean;
}

/** What a policy records after execution. */
export interface PostExecutionObservation {
  /** Attributes set on the AWU span (for example the four `genops.sla.*`). */
  readonly attributes?: Attributes;
  /** A separate post-execution decision (emitted as its own `genops.policy.evaluated` event). */
  readonly verdict?: PolicyVerdict;
}

/**
 * A governance policy. Policies are evaluated in configuration order in two phases:
 * `evaluate` (stateless checks: model, region, content, caps, SLA prediction, user policies; the first
 * refusal stops evaluation) and then the stateful claims (`rateClaims` with every budget) reserved in
 * one atomic ledger call. After execution `observe` may record attributes and a post-execution decision.
 *
 * @example
 * ```ts
 * const noFridays: GovernancePolicy = {
 *   name: 'no-fridays',
 *   evaluate: (ctx) => new Date(ctx.nowMs).getUTCDay() === 5
 *     ? { result: 'BLOCKED', reasonCode: 'x_change_freeze' }
 *     : { result: 'ALLOWED' },
 * };
 * ```
 */
export interface GovernancePolicy {
  /** `genops.policy.name`; unique within a governor. */
  readonly name: string;
  /** Per-policy mode; the governor's mode applies when absent. */
  readonly mode?: PolicyMode;
  evaluate?(context: PolicyContext): PolicyVerdict | Promise<PolicyVerdict>;
  rateClaims?(context: PolicyContext): readonly RateClaimSpec[];
  observe?(context: PolicyContext, outcome: ExecutionOutcome): PostExecutionObservation | undefined;
}
