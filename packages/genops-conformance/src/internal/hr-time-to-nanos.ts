import type { HrTimeLike } from '../model/sdk-inputs.js';

/** `[seconds, nanoseconds]` → nanoseconds since the epoch; non-finite parts count as 0. */
export function hrTimeToNanos(time: HrTimeLike | undefined): bigint {
  if (time === undefined) return 0n;
  const seconds = Number.isFinite(time[0]) ? Math.trunc(time[0]) : 0;
  const nanos = Number.isFinite(time[1]) ? Math.trunc(time[1]) : 0;
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanos);
}
