/** @internal Lease options of `RedisLedgerOptions`, validated, with defaults. */
export interface LeaseSettings {
  /** How long a slice's lease runs in Redis unless renewed, ms. */
  readonly ttlMs: number;
  /** A slice unused this long is given back, ms. */
  readonly idleMs: number;
  /** The largest share of what is left unreserved that one slice may take (0–1), before division by holders. */
  readonly maxShare: number;
  /** Reservations per second of one budget instance (in this process) from which it leases a slice. */
  readonly hotCallsPerSecond: number;
  /** Seconds of this process's recent demand a slice is sized for. */
  readonly demandSeconds: number;
}
