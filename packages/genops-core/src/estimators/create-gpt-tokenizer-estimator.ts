import { type CountTokens, createBpeEstimator } from '../internal/create-bpe-estimator.js';
import type { EncodingName } from '../internal/encoding-for-model.js';
import type { TokenEstimator } from './token-estimator.js';

/** Options of {@link createGptTokenizerEstimator}. */
export interface GptTokenizerEstimatorOptions {
  /**
   * Upper bound, in characters, of the cached counts of chat message contents (a chat's history is
   * counted again every turn); `0` disables the cache. Default: 4,000,000.
   */
  cacheMaxChars?: number;
}

/**
 * The default estimator: exact OpenAI token counts with `gpt-tokenizer` (pure JavaScript, no WASM,
 * no Node built-ins, so it runs in every runtime), chat-format overhead included: the same counts
 * as tiktoken's `encode_ordinary` for `o200k_base` and `cl100k_base`. Each encoding is loaded the
 * first time a model needs it (`ready`), once per process; counts of unchanged chat messages are
 * cached.
 *
 * @example
 * ```ts
 * const estimator = createGptTokenizerEstimator();
 * await estimator.ready?.('gpt-4o'); // the governor does this before its first count
 * estimator.countText('Hello world', 'gpt-4o'); // 2
 * ```
 */
export function createGptTokenizerEstimator({
  cacheMaxChars = 4_000_000,
}: GptTokenizerEstimatorOptions = {}): TokenEstimator {
  return createBpeEstimator({
    name: 'gpt-tokenizer',
    cacheMaxChars,
    load: loadGptTokenizer,
    loaded: (encoding) => counters.get(encoding),
    fix: 'gpt-tokenizer is a dependency of @genops/core: reinstall, and keep it bundled or traced with your app',
  });
}

// Special-token text is counted as ordinary text, as tiktoken's `encode_ordinary` does.
const ordinary = { disallowedSpecial: new Set<string>() };

/** The encodings this process loaded, shared by every gpt-tokenizer estimator. */
const counters = new Map<EncodingName, CountTokens>();

/**
 * One module per encoding, imported the first time a model needs it, once per process. The
 * specifiers are static so that bundlers find them (and split them off the main chunk).
 */
async function loadGptTokenizer(encoding: EncodingName): Promise<CountTokens> {
  const { countTokens } =
    encoding === 'cl100k_base'
      ? await import('gpt-tokenizer/encoding/cl100k_base')
      : await import('gpt-tokenizer/encoding/o200k_base');
  const count: CountTokens = (text) => countTokens(text, ordinary);
  if (!counters.has(encoding)) counters.set(encoding, count);
  return counters.get(encoding) as CountTokens;
}
