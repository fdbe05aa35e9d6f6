import type { ChatMessage } from '../awu-request.js';
import type { TokenEstimator } from './token-estimator.js';

/** Options of {@link createHeuristicEstimator}. */
export interface HeuristicEstimatorOptions {
  /** Characters per token. Default: 4 (English prose with OpenAI tokenizers). */
  charsPerToken?: number;
}

/**
 * A fast, approximate estimator: `ceil(characters / charsPerToken)` plus the chat-format overhead.
 * Use it where no tokenizer can be loaded; reservations are then approximate.
 *
 * @example
 * ```ts
 * createHeuristicEstimator({ charsPerToken: 4 }).countText('abcdefgh'); // 2
 * ```
 */
export function createHeuristicEstimator({
  charsPerToken = 4,
}: HeuristicEstimatorOptions = {}): TokenEstimator {
  const countText = (text: string) => Math.ceil(text.length / charsPerToken);
  return {
    name: 'heuristic',
    countText,
    countMessages(messages: readonly ChatMessage[]) {
      let total = 3;
      for (const message of messages) {
        total += 4 + countText(message.content) + (message.extraTokens ?? 0);
        if (message.name !== undefined) total += 1 + countText(message.name);
      }
      return total;
    },
  };
}
