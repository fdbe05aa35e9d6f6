import { describe, expect, it } from 'vitest';
import { readOutputCap } from './read-output-cap.js';

describe('readOutputCap', () => {
  it('reads the provider-specific cap names, then ls_max_tokens, ignoring sentinels', () => {
    expect(readOutputCap({ max_tokens: 64 }, undefined)).toBe(64);
    expect(readOutputCap({ max_completion_tokens: 128 }, undefined)).toBe(128);
    expect(readOutputCap({ max_output_tokens: 256 }, undefined)).toBe(256);
    expect(readOutputCap({ maxTokens: 32 }, undefined)).toBe(32);
    expect(readOutputCap({ max_tokens: -1 }, { ls_max_tokens: 99 })).toBe(99);
    expect(readOutputCap({}, {})).toBeUndefined();
    expect(readOutputCap(undefined, undefined)).toBeUndefined();
  });
});
