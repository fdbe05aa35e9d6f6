import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window.js';

/** The percentile of the last `size` samples, computed the obvious way. */
function expected(samples: readonly number[], size: number, percentile: number) {
  const window = samples.slice(-size).sort((a, b) => a - b);
  if (window.length === 0) return undefined;
  const rank = Math.ceil((percentile / 100) * window.length);
  return window[Math.min(window.length, Math.max(1, rank)) - 1];
}

describe('LatencyWindow', () => {
  it('predicts the percentile of the last samples, with repeats and evictions', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const [size, percentile] of [
      [1, 50],
      [5, 95],
      [50, 95],
      [50, 50],
    ] as const) {
      const window = new LatencyWindow(size, percentile);
      const samples: number[] = [];
      expect(window.predict()).toBeUndefined();
      for (let i = 0; i < 400; i++) {
        // Few distinct values, so that evictions and inserts meet equal neighbours.
        const latencyMs = Math.floor(random() * 20) * 10;
        window.record(latencyMs);
        samples.push(latencyMs);
        expect(window.count).toBe(Math.min(samples.length, size));
        expect(window.predict()).toBe(expected(samples, size, percentile));
      }
    }
  });
});
