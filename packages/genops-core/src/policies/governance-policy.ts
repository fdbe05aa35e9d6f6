import type { Attributes } from '@opentelemetry/api';
import type { Estimate } from '../accounting/estimate.js';
import type { TokenUsage } from '../accounting/token-usage.js';
import type { Attribution } from '../attribution/attribution.js';
import type { EstimateInput } from '../awu-request.js';
import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import type { Operation } from '../operation.js';

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
  /**
   * Human-readable description of the limit, used as `genops.policy.reason` when the claim is
   * refused (for example `60 requests/min for customer_id=acme`). Never put prompt content here.
   */
  readonly reason?: string;
}

/** What a policy learns about its governor in {@link GovernancePolicy.setup}. */
export interface PolicySetupContext {
  /** The governor's accounting unit (`tokens` or `USD`). */
  readonly unit: string;
  /** The governor's default mode (a policy's own `mode` overrides it). */
  readonly mode: PolicyMode;
  /** The SLA tiers declared on the governor (`slaTiers`), or `undefined` when none were declared. */
  readonly slaTiers: readonly string[] | undefined;
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
 * `evaluate` returns `undefined` when the policy does not apply to the AWU (no decision is recorded).
 * `setup` runs once in `createGovernor`: it validates the policy's options and throws
 * `GenOpsConfigError` with a field relative to the policy (`requestsPerMinute`), which the governor
 * reports as `policies[i].requestsPerMinute`.
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
  /** Validates options against the governor; throws `GenOpsConfigError` naming the bad field. */
  setup?(context: PolicySetupContext): void;
  /** The pre-execution verdict, or `undefined` when the policy does not apply to this AWU. */
  evaluate?(context: PolicyContext): PolicyVerdict | undefined | Promise<PolicyVerdict | undefined>;
  rateClaims?(context: PolicyContext): readonly RateClaimSpec[];
  observe?(context: PolicyContext, outcome: ExecutionOutcome): PostExecutionObservation | undefined;
}
