import type { Tracer } from '@opentelemetry/api';
import type { AccountingConverter } from '../accounting/accounting-converter.js';
import type { CompiledBudget } from '../accounting/compile-budget.js';
import type { Estimate } from '../accounting/estimate.js';
import type { Attribution } from '../attribution/attribution.js';
import type { AwuRequest } from '../awu-request.js';
import type { Clock } from '../clock.js';
import type { PolicyDecision } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import type { TokenEstimator } from '../estimators/token-estimator.js';
import type { GovernorErrorPhase } from '../governor-options.js';
import type { SynchronousLedger } from '../ledger/internal/synchronous-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import type { GovernancePolicy } from '../policies/governance-policy.js';
import type { EventEmitter } from '../telemetry/event-emitter.js';
import type { PendingWork } from './pending-work.js';

/** @internal A deciding policy and its plain `ALLOWED` decision. */
export interface DecidingPolicy {
  readonly policy: GovernancePolicy;
  /**
   * The decision of an `ALLOWED` verdict without a reason, made once: a governor with many policies
   * would otherwise build or look one up per policy per AWU.
   */
  readonly allowed: PolicyDecision;
}

/** @internal Everything an AWU needs from its governor, resolved once. */
export interface Runtime {
  readonly tracer: Tracer;
  readonly emitter: EventEmitter;
  readonly ledger: Ledger;
  /** The ledger's synchronous protocol, when it offers it (the in-memory default does). */
  readonly synchronousLedger: SynchronousLedger | undefined;
  /** Turns tokens into the governor's accounting unit. */
  readonly converter: AccountingConverter;
  readonly clock: Clock;
  readonly leaseMs: number;
  /** The policies that decide (`evaluate`, `rateClaims`), in evaluation order. */
  readonly policies: readonly DecidingPolicy[];
  readonly observers: readonly GovernancePolicy[];
  readonly report: (error: unknown, phase: GovernorErrorPhase, awuId?: string) => void;
  readonly pending: PendingWork;
}

/** @internal A governor's configuration, validated and resolved once. */
export interface ResolvedGovernor {
  readonly runtime: Runtime;
  readonly attribution: Readonly<Attribution>;
  readonly estimator: TokenEstimator;
  readonly ownsEstimator: boolean;
  readonly budgets: readonly CompiledBudget[];
  readonly mode: PolicyMode;
  readonly defaultMaxOutputTokens: number;
  /**
   * `undefined` when `estimate(request)` can count now, else a promise that the estimator has
   * loaded the tokenizer of the request's model (rejecting with a `GenOpsConfigError` when it
   * cannot load it).
   */
  estimatorReady(request: AwuRequest): Promise<void> | undefined;
  estimate(request: AwuRequest): Estimate;
}
