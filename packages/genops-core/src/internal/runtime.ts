import type { Tracer } from '@opentelemetry/api';
import type { Clock } from '../clock.js';
import type { PolicyDecision } from '../decision.js';
import type { SynchronousLedger } from '../ledger/internal/synchronous-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import type { GovernancePolicy } from '../policies/governance-policy.js';
import type { EventEmitter } from './event-emitter.js';
import type { Meter } from './meter.js';
import type { PendingWork } from './pending-work.js';

/** What an error report is about. */
export type GovernorErrorPhase =
  | 'policy'
  | 'reserve'
  | 'settle'
  | 'release'
  | 'renew'
  | 'observe'
  | 'telemetry'
  | 'lifecycle';

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
  readonly meter: Meter;
  readonly clock: Clock;
  readonly leaseMs: number;
  /** The policies that decide (`evaluate`, `rateClaims`), in evaluation order. */
  readonly policies: readonly DecidingPolicy[];
  readonly observers: readonly GovernancePolicy[];
  readonly report: (error: unknown, phase: GovernorErrorPhase, awuId?: string) => void;
  readonly pending: PendingWork;
}
