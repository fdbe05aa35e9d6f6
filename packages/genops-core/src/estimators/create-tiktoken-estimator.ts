import type { Tiktoken, TiktokenEncoding } from 'tiktoken';
import { type CountTokens, createBpeEstimator } from '../internal/create-bpe-estimator.js';
import type { EncodingName } from '../internal/encoding-for-model.js';
import type { TokenEstimator } from './token-estimator.js';

/** Options of {@link createTiktokenEstimator}. */
export interface TiktokenEstimatorOptions {
  /**
   * Upper bound, in characters, of the chat message contents whose counts are cached (least
   * recently used first out). `0` disables the cache. Default: 4,000,000.
   */
  cacheMaxChars?: number;
}

/**
 * Exact OpenAI token counts with `tiktoken` (Rust compiled to WASM), chat-format overhead included.
 * Import it from `@genops/core/tiktoken` and install the optional peer `tiktoken`; it runs where
 * Node's `fs` can read tiktoken's WASM file from `node_modules` (Node, Bun, Deno; in Next.js, list
 * `tiktoken` in `serverExternalPackages`). Each encoding is built the first time a model needs it
 * (`ready`) and shared by every tiktoken estimator of the process; `dispose()` frees it when no
 * other estimator uses it.
 *
 * @example
 * ```ts
 * import { createTiktokenEstimator } from '@genops/core/tiktoken';
 * const governor = createGovernor({ attribution, estimator: createTiktokenEstimator() });
 * ```
 */
export function createTiktokenEstimator({
  cacheMaxChars = 4_000_000,
}: TiktokenEstimatorOptions = {}): TokenEstimator {
  // Every encoder this estimator acquired, once per acquisition (what `free` gives back).
  const held: EncodingName[] = [];
  const counter = (encoding: EncodingName, encoder: Tiktoken): CountTokens => {
    held.push(encoding);
    return (text) => encoder.encode_ordinary(text).length;
  };
  return createBpeEstimator({
    name: 'tiktoken',
    cacheMaxChars,
    load: async (encoding) => counter(encoding, await acquireEncoder(encoding)),
    loaded(encoding) {
      const built = acquireBuiltEncoder(encoding);
      return built === undefined ? undefined : counter(encoding, built);
    },
    fix: 'install the optional peer dependency: npm i tiktoken; in Next.js also list it in serverExternalPackages; on Edge and Workers use the default estimator',
    free() {
      for (const encoding of held.splice(0)) releaseEncoder(encoding);
    },
  });
}

/** The process's encoders, built once each and freed when no estimator holds them any more. */
const encoders = new Map<
  EncodingName,
  { encoder: Promise<Tiktoken>; built?: Tiktoken; holders: number }
>();

function acquireEncoder(encoding: EncodingName): Promise<Tiktoken> {
  let entry = encoders.get(encoding);
  if (entry === undefined) {
    const created: { encoder: Promise<Tiktoken>; built?: Tiktoken; holders: number } = {
      encoder: buildEncoder(encoding),
      holders: 0,
    };
    created.encoder.then(
      (built) => {
        created.built = built;
      },
      () => encoders.delete(encoding),
    );
    entry = created;
    encoders.set(encoding, entry);
  }
  entry.holders += 1;
  return entry.encoder;
}

/** An encoder this process already built (then held by one more estimator), else `undefined`. */
function acquireBuiltEncoder(encoding: EncodingName): Tiktoken | undefined {
  const entry = encoders.get(encoding);
  if (entry?.built === undefined) return undefined;
  entry.holders += 1;
  return entry.built;
}

function releaseEncoder(encoding: EncodingName): void {
  const entry = encoders.get(encoding);
  if (entry === undefined || --entry.holders > 0) return;
  encoders.delete(encoding);
  void entry.encoder.then((encoder) => encoder.free());
}

async function buildEncoder(encoding: EncodingName): Promise<Tiktoken> {
  // Under Node, tiktoken's CommonJS entry (`node` condition) reads its WASM from its own folder.
  const loaded = (await import('tiktoken')) as typeof import('tiktoken') & {
    default?: typeof import('tiktoken');
  };
  const getEncoding = loaded.get_encoding ?? loaded.default?.get_encoding;
  return getEncoding(encoding as TiktokenEncoding);
}
