import { describe, expect, it } from 'vitest';
import { readResultUsage, usageFromMetadata } from './read-usage.js';

describe('usage from LangChain results', () => {
  it('reads usage_metadata with cache and reasoning details', () => {
    expect(
      usageFromMetadata({
        input_tokens: 120,
        output_tokens: 30,
        total_tokens: 150,
        input_token_details: { cache_read: 100, cache_creation: 20 },
        output_token_details: { reasoning: 12 },
      }),
    ).toEqual({
      inputTokens: 120,
      outputTokens: 30,
      cachedInputTokens: 100,
      cacheWriteInputTokens: 20,
      reasoningTokens: 12,
    });
    expect(usageFromMetadata({ input_tokens: -1, output_tokens: 3 })).toBeUndefined();
  });

  it('prefers the message usage, then llmOutput.tokenUsage, unless the run is a batch total', () => {
    const message = { usage_metadata: { input_tokens: 5, output_tokens: 2, total_tokens: 7 } };
    const llmOutput = { tokenUsage: { promptTokens: 50, completionTokens: 20, totalTokens: 70 } };
    expect(readResultUsage({ generations: [[{ text: 'x', message }]], llmOutput }, false)).toEqual({
      inputTokens: 5,
      outputTokens: 2,
    });
    expect(readResultUsage({ generations: [[{ text: 'x' }]], llmOutput }, false)).toEqual({
      inputTokens: 50,
      outputTokens: 20,
    });
    expect(readResultUsage({ generations: [[{ text: 'x' }]], llmOutput }, true)).toBeUndefined();
    expect(
      readResultUsage({ generations: [[{ text: 'x' }]], llmOutput: { tokenUsage: {} } }, false),
    ).toBeUndefined();
  });
});
