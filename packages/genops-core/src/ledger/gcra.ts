/** Outcome of one GCRA step. */
export interface GcraStep {
  allowed: boolean;
  /** New theoretical arrival time when allowed (unchanged otherwise). */
  tatMs: number;
  retryAfterMs: number;
}

/**
 * Generic cell rate algorithm (the leaky bucket as a meter): a claim of `cost` units is allowed when,
 * after it, the theoretical arrival time is at most `burst * intervalMs` ahead of now. It never lets
 * more than `burst` units through at once and sustains exactly one unit per `intervalMs` after that.
 */
export function gcraStep(
  tatMs: number,
  nowMs: number,
  cost: number,
  intervalMs: number,
  burst: number,
): GcraStep {
  const base = Math.max(tatMs, nowMs);
  const next = base + cost * intervalMs;
  const ahead = next - nowMs;
  const tolerance = burst * intervalMs;
  if (ahead <= tolerance) return { allowed: true, tatMs: next, retryAfterMs: 0 };
  return { allowed: false, tatMs, retryAfterMs: Math.ceil(ahead - tolerance) };
}
