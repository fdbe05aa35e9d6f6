import type { Tracer } from '@opentelemetry/api';
import type { Clock } from '../clock.js';
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

/** @internal Everything an AWU needs from its governor, resolved once. */
export interface Runtime {
  readonly tracer: Tracer;
  readonly emitter: EventEmitter;
  readonly ledger: Ledger;
  readonly meter: Meter;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly policies: readonly GovernancePolicy[];
  readonly observers: readonly GovernancePolicy[];
  readonly report: (error: unknown, phase: GovernorErrorPhase, awuId?: string) => void;
  readonly pending: PendingWork;
}
