import { createRequire } from 'node:module';
import type { Tiktoken, TiktokenEncoding } from 'tiktoken';
import { createBpeEstimator } from '../internal/create-bpe-estimator.js';
import type { TokenEstimator } from './token-estimator.js';

/** Options of {@link createTiktokenEstimator}. */
export interface TiktokenEstimatorOptions {
  /**
   * Upper bound, in characters, of the texts whose counts are cached (least recently used first out).
   * `0` disables the cache. Default: 4,000,000.
   */
  cacheMaxChars?: number;
  /** Called when an encoding is built lazily, after warm-up, inside a call. */
  onLazyLoad?: (encoding: string) => void;
}

/**
 * The default estimator: exact OpenAI token counts with `tiktoken` (WASM), chat-format overhead
 * included, encoders built once per encoding and freed by `dispose()`, and counts of unchanged
 * texts cached.
 *
 * @example
 * ```ts
 * const estimator = createTiktokenEstimator();
 * estimator.warmup?.(['gpt-4o']); // builds o200k_base now (about 250 ms)
 * estimator.countText('Hello world', 'gpt-4o'); // 2
 * ```
 */
export function createTiktokenEstimator({
  cacheMaxChars = 4_000_000,
  onLazyLoad,
}: TiktokenEstimatorOptions = {}): TokenEstimator {
  const encoders: Tiktoken[] = [];
  return createBpeEstimator({
    name: 'tiktoken',
    cacheMaxChars,
    ...(onLazyLoad ? { onLazyLoad } : {}),
    load(encoding) {
      // The CommonJS entry loads the WASM from the package on disk; Node 20's ESM loader cannot import .wasm.
      const { get_encoding } = loadTiktoken();
      const encoder = get_encoding(encoding as TiktokenEncoding);
      encoders.push(encoder);
      return (text) => encoder.encode_ordinary(text).length;
    },
    free() {
      for (const encoder of encoders.splice(0)) encoder.free();
    },
  });
}

let tiktoken: typeof import('tiktoken') | undefined;
function loadTiktoken(): typeof import('tiktoken') {
  tiktoken ??= createRequire(import.meta.url)('tiktoken') as typeof import('tiktoken');
  return tiktoken;
}
