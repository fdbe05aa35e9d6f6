import type { ChatMessage } from '../awu-request.js';

/**
 * Counts tokens for reservations. Implementations must be deterministic: the same text and model
 * always give the same count.
 *
 * @example
 * ```ts
 * const estimator: TokenEstimator = createTiktokenEstimator();
 * estimator.countMessages([{ role: 'user', content: 'Hello' }], 'gpt-4o'); // 8
 * ```
 */
export interface TokenEstimator {
  /** A short name for diagnostics, e.g. `tiktoken`. */
  readonly name: string;
  /** Tokens in `text` for `model`. */
  countText(text: string, model?: string): number;
  /** Tokens of a chat prompt for `model`, including the chat format's per-message overhead. */
  countMessages(messages: readonly ChatMessage[], model?: string): number;
  /** Builds whatever the estimator needs for these models now, instead of on first use. */
  warmup?(models?: readonly string[]): void;
  /** Frees native or WASM resources. The estimator must not be used afterwards. */
  dispose?(): void;
}
