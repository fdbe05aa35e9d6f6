import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { createBpeEstimator } from '../internal/create-bpe-estimator.js';
import type { TokenEstimator } from './token-estimator.js';

const ordinary = { disallowedSpecial: new Set<string>() };

/** Options of {@link createGptTokenizerEstimator}. */
export interface GptTokenizerEstimatorOptions {
  /** Upper bound, in characters, of cached texts; `0` disables the cache. Default: 4,000,000. */
  cacheMaxChars?: number;
}

/**
 * An exact estimator on `gpt-tokenizer` (pure JavaScript, no WASM): the same counts as tiktoken for
 * `o200k_base` and `cl100k_base`, usually faster. Import it from `@genops/core/gpt-tokenizer`
 * and install the optional peer `gpt-tokenizer`.
 *
 * @example
 * ```ts
 * import { createGptTokenizerEstimator } from '@genops/core/gpt-tokenizer';
 * const governor = createGovernor({ attribution, estimator: createGptTokenizerEstimator() });
 * ```
 */
export function createGptTokenizerEstimator({
  cacheMaxChars = 4_000_000,
}: GptTokenizerEstimatorOptions = {}): TokenEstimator {
  return createBpeEstimator({
    name: 'gpt-tokenizer',
    cacheMaxChars,
    // Special-token text is counted as ordinary text, as tiktoken's `encode_ordinary` does.
    load: (encoding) =>
      encoding === 'cl100k_base'
        ? (text) => countCl100k(text, ordinary)
        : (text) => countO200k(text, ordinary),
  });
}
