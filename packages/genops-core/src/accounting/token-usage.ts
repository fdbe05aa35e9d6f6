/**
 * Token usage reported after execution. `inputTokens` includes cached reads and writes;
 * `outputTokens` includes reasoning tokens.
 */
export interface TokenUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cachedInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
  readonly reasoningTokens?: number;
}
