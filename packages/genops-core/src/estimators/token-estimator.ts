import type { ChatMessage } from '../awu-request.js';

/**
 * Counts tokens for reservations. Implementations must be deterministic: the same text and model
 * always give the same count.
 *
 * Counting is synchronous, loading a tokenizer is not: an estimator that loads its tokenizer lazily
 * implements `ready`, and the governor awaits it before it first counts for a model. Anyone who
 * counts with such an estimator directly awaits `ready(model)` first.
 *
 * @example
 * ```ts
 * const estimator: TokenEstimator = createGptTokenizerEstimator();
 * await estimator.ready?.('gpt-4o'); // loads o200k_base, once per process
 * estimator.countMessages([{ role: 'user', content: 'Hello' }], 'gpt-4o'); // 8
 * ```
 */
export interface TokenEstimator {
  /** A short name for diagnostics, e.g. `gpt-tokenizer`. */
  readonly name: string;
  /** Tokens in `text` for `model`. */
  countText(text: string, model?: string): number;
  /** Tokens of a chat prompt for `model`, including the chat format's per-message overhead. */
  countMessages(messages: readonly ChatMessage[], model?: string): number;
  /**
   * Makes counting for `model` possible: `undefined` when it already is (no promise, no
   * microtask), else a promise that resolves once the tokenizer `model` needs is loaded, or rejects
   * with a `GenOpsConfigError` naming the estimator and the fix when it cannot be loaded.
   */
  ready?(model?: string): Promise<void> | undefined;
  /**
   * Starts loading what these models need now, in the background, instead of on first use (no
   * argument: the tokenizer of unknown models). Never throws: a tokenizer that cannot be loaded
   * is reported by `ready`.
   */
  warmup?(models?: readonly string[]): void;
  /** Frees native or WASM resources. The estimator must not be used afterwards. */
  dispose?(): void;
}
