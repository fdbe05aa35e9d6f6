import { describe, expect, it } from 'vitest';
import { calculateCost, reservationCost } from './calculate-cost.js';
import type { ModelPrice } from './model-price.js';

const gpt4o: ModelPrice = { inputPerMillion: 2.5, cacheReadPerMillion: 1.25, outputPerMillion: 10 };
const sonnet: ModelPrice = {
  inputPerMillion: 3,
  cacheReadPerMillion: 0.3,
  cacheWritePerMillion: 3.75,
  outputPerMillion: 15,
};
const reasoner: ModelPrice = {
  inputPerMillion: 1.1,
  cacheReadPerMillion: 0.275,
  outputPerMillion: 4.4,
  reasoningPerMillion: 8,
};
const geminiPro: ModelPrice = {
  inputPerMillion: 1.25,
  cacheReadPerMillion: 0.125,
  outputPerMillion: 10,
  tiers: [
    {
      aboveInputTokens: 200_000,
      inputPerMillion: 2.5,
      cacheReadPerMillion: 0.25,
      outputPerMillion: 15,
    },
  ],
};

describe('calculateCost (hand-computed)', () => {
  it('prices uncached input, cached reads, visible output and reasoning separately', () => {
    // 400 × 2.5 + 600 × 1.25 + 200 × 10 + 100 × 10 = 1000 + 750 + 2000 + 1000 = 4750 → $0.00475
    expect(
      calculateCost(gpt4o, {
        inputTokens: 1000,
        cachedInputTokens: 600,
        outputTokens: 300,
        reasoningTokens: 100,
      }),
    ).toBe(0.00475);
  });

  it('prices cache writes at their own rate (Anthropic)', () => {
    // uncached 10,000 − 2,000 − 5,000 = 3,000 × 3 = 9,000; reads 2,000 × 0.3 = 600;
    // writes 5,000 × 3.75 = 18,750; output 800 × 15 = 12,000 → 40,350 → $0.04035
    expect(
      calculateCost(sonnet, {
        inputTokens: 10_000,
        cachedInputTokens: 2000,
        cacheWriteInputTokens: 5000,
        outputTokens: 800,
      }),
    ).toBe(0.04035);
  });

  it('prices reasoning tokens at the reasoning price when one is set', () => {
    // uncached 1,000 × 1.1 = 1,100; reads 1,000 × 0.275 = 275; visible 500 × 4.4 = 2,200;
    // reasoning 1,000 × 8 = 8,000 → 11,575 → $0.011575
    expect(
      calculateCost(reasoner, {
        inputTokens: 2000,
        cachedInputTokens: 1000,
        outputTokens: 1500,
        reasoningTokens: 1000,
      }),
    ).toBe(0.011575);
  });

  it('falls back to the input price for cache reads and writes, and the output price for reasoning', () => {
    const plain: ModelPrice = { inputPerMillion: 2, outputPerMillion: 8 };
    // (1,000 × 2) + (500 × 8) = 6,000 → $0.006, however the tokens are split
    expect(calculateCost(plain, { inputTokens: 1000, outputTokens: 500 })).toBe(0.006);
    expect(
      calculateCost(plain, {
        inputTokens: 1000,
        cachedInputTokens: 300,
        cacheWriteInputTokens: 200,
        outputTokens: 500,
        reasoningTokens: 400,
      }),
    ).toBe(0.006);
  });

  it('never prices negative counts when the parts exceed the totals', () => {
    // uncached max(0, 100 − 150) = 0; reads 150 × 1.25 = 187.5; visible max(0, 10 − 20) = 0; reasoning 20 × 10 = 200
    expect(
      calculateCost(gpt4o, {
        inputTokens: 100,
        cachedInputTokens: 150,
        outputTokens: 10,
        reasoningTokens: 20,
      }),
    ).toBe(0.0003875);
  });

  it('switches to the long-context tier strictly above its threshold, for the whole request', () => {
    // at 200,000: 200,000 × 1.25 + 1,000 × 10 = 260,000 → $0.26
    expect(calculateCost(geminiPro, { inputTokens: 200_000, outputTokens: 1000 })).toBe(0.26);
    // at 200,001: 200,001 × 2.5 + 1,000 × 15 = 515,002.5 → $0.5150025
    expect(calculateCost(geminiPro, { inputTokens: 200_001, outputTokens: 1000 })).toBe(0.5150025);
    // cached reads take the tier's cache price: 100,001 × 2.5 + 100,000 × 0.25 = 275,002.5
    expect(calculateCost(geminiPro, { inputTokens: 200_001, cachedInputTokens: 100_000 })).toBe(
      0.2750025,
    );
  });

  it('rounds to 1e-10 USD, hiding binary floating-point noise', () => {
    // 333 × 0.15 = 49.95 → $0.00004995 (the raw float product is 49.949999999999996)
    expect(
      calculateCost({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, { inputTokens: 333 }),
    ).toBe(0.00004995);
    expect(calculateCost(gpt4o, {})).toBe(0);
  });
});

describe('reservationCost', () => {
  it('is the input estimate at the input price plus the output cap at the output price', () => {
    // 1,000 × 2.5 + 500 × 10 = 7,500 → $0.0075
    expect(reservationCost(gpt4o, 1000, 500)).toBe(0.0075);
  });

  it('uses the reasoning price for the cap when it is higher, so the reservation bounds the cost', () => {
    // 1,000 × 1.1 + 500 × 8 = 5,100 → $0.0051
    expect(reservationCost(reasoner, 1000, 500)).toBe(0.0051);
  });

  it('chooses the tier from the input estimate', () => {
    expect(reservationCost(geminiPro, 250_000, 0)).toBe(0.625);
  });
});
