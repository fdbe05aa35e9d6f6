/**
 * @internal The last `size` latencies of one model (a ring buffer kept sorted alongside, so that a
 * prediction costs O(1)) and their nearest-rank percentile: the smallest sample such that at least
 * `percentile` % of the samples are at most it.
 */
export class LatencyWindow {
  /** Ring buffer of the last samples, in arrival order. */
  readonly #samples: number[] = [];
  /** The same samples, sorted ascending. */
  readonly #sorted: number[] = [];
  #next = 0;

  constructor(
    readonly size: number,
    readonly percentile: number,
  ) {}

  /** Number of samples held. */
  get count(): number {
    return this.#samples.length;
  }

  record(latencyMs: number): void {
    const samples = this.#samples;
    const sorted = this.#sorted;
    if (samples.length < this.size) {
      samples.push(latencyMs);
      sorted.splice(lowerBound(sorted, latencyMs), 0, latencyMs);
    } else {
      const evicted = samples[this.#next]!;
      samples[this.#next] = latencyMs;
      replaceSorted(sorted, evicted, latencyMs);
    }
    this.#next = (this.#next + 1) % this.size;
  }

  /** The percentile of the samples held, or `undefined` when there are none. */
  predict(): number | undefined {
    const sorted = this.#sorted;
    if (sorted.length === 0) return undefined;
    const rank = Math.ceil((this.percentile / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
}

/**
 * Replaces one `evicted` value of `sorted` by `value`, keeping it sorted: only the samples ranked
 * between the two move (latencies of one model are close, so usually none or a few), and nothing
 * is allocated.
 */
function replaceSorted(sorted: number[], evicted: number, value: number): void {
  let at = lowerBound(sorted, evicted);
  if (value > evicted) {
    while (at + 1 < sorted.length && sorted[at + 1]! < value) {
      sorted[at] = sorted[at + 1]!;
      at++;
    }
  } else {
    while (at > 0 && sorted[at - 1]! > value) {
      sorted[at] = sorted[at - 1]!;
      at--;
    }
  }
  sorted[at] = value;
}

/** Index of the first element >= `value` in an ascending array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
