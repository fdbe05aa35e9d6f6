/**
 * A source of time. Inject one to test periods, leases and rate limits deterministically.
 *
 * @example
 * ```ts
 * let now = Date.UTC(2026, 10, 1);
 * const clock: Clock = { nowMs: () => now };
 * ```
 */
export interface Clock {
  /** Unix epoch milliseconds. */
  nowMs(): number;
}

/** The system clock (`Date.now()`). */
export const systemClock: Clock = { nowMs: () => Date.now() };
