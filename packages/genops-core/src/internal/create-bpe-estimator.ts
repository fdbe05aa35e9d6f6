import type { ChatMessage } from '../awu-request.js';
import type { TokenEstimator } from '../estimators/token-estimator.js';
import { type EncodingName, encodingForModel } from './encoding-for-model.js';
import { TokenCountCache } from './token-count-cache.js';

/** Tokens added per chat message by the chat format (OpenAI's published counting rule). */
const TOKENS_PER_MESSAGE = 3;
/** Extra token when a message carries a `name`. */
const TOKENS_PER_NAME = 1;
/** Tokens that prime the assistant's reply. */
const REPLY_PRIMING_TOKENS = 3;

export interface BpeEstimatorSpec {
  name: string;
  /** Returns a counting function for an encoding; called once per encoding. */
  load: (encoding: EncodingName) => (text: string) => number;
  free?: () => void;
  cacheMaxChars: number;
  onLazyLoad?: (encoding: EncodingName) => void;
}

/** @internal Chat-aware, caching estimator over any BPE counting function. */
export function createBpeEstimator(spec: BpeEstimatorSpec): TokenEstimator {
  const counters = new Map<EncodingName, (text: string) => number>();
  const caches = new Map<EncodingName, TokenCountCache>();
  let warmed = false;
  let disposed = false;

  const counterFor = (encoding: EncodingName) => {
    let counter = counters.get(encoding);
    if (counter === undefined) {
      if (disposed) throw new Error(`${spec.name} estimator was disposed`);
      if (warmed) spec.onLazyLoad?.(encoding);
      counter = spec.load(encoding);
      counters.set(encoding, counter);
      caches.set(encoding, new TokenCountCache(spec.cacheMaxChars));
    }
    return counter;
  };

  return {
    name: spec.name,
    countText(text, model) {
      const encoding = encodingForModel(model);
      const counter = counterFor(encoding);
      return (caches.get(encoding) as TokenCountCache).count(text, counter);
    },
    countMessages(messages: readonly ChatMessage[], model) {
      const encoding = encodingForModel(model);
      const counter = counterFor(encoding);
      const cache = caches.get(encoding) as TokenCountCache;
      let total = REPLY_PRIMING_TOKENS;
      for (const message of messages) {
        total += TOKENS_PER_MESSAGE + cache.count(message.role, counter);
        total += cache.count(message.content, counter);
        if (message.name !== undefined) {
          total += TOKENS_PER_NAME + cache.count(message.name, counter);
        }
        if (message.extraTokens !== undefined) total += message.extraTokens;
      }
      return total;
    },
    warmup(models) {
      if (models === undefined || models.length === 0) counterFor('o200k_base');
      else for (const model of models) counterFor(encodingForModel(model));
      warmed = true;
    },
    dispose() {
      disposed = true;
      counters.clear();
      for (const cache of caches.values()) cache.clear();
      spec.free?.();
    },
  };
}
