import type { ChatMessage } from '../awu-request.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import type { TokenEstimator } from '../estimators/token-estimator.js';
import { type EncodingName, encodingForModel } from './encoding-for-model.js';
import { TokenCountCache } from './token-count-cache.js';

/** Tokens added per chat message by the chat format (OpenAI's published counting rule). */
const TOKENS_PER_MESSAGE = 3;
/** Extra token when a message carries a `name`. */
const TOKENS_PER_NAME = 1;
/** Tokens that prime the assistant's reply. */
const REPLY_PRIMING_TOKENS = 3;

/** A tokenizer's counting function for one encoding. */
export type CountTokens = (text: string) => number;

export interface BpeEstimatorSpec {
  name: string;
  /** Loads the counting function of an encoding; called at most once per encoding and estimator. */
  load: (encoding: EncodingName) => Promise<CountTokens>;
  /**
   * The counting function of an encoding this process already loaded (for another estimator, or
   * another governor), so that it is used at once, without waiting; else `undefined`.
   */
  loaded: (encoding: EncodingName) => CountTokens | undefined;
  /** What the user can do when `load` fails, e.g. `install the optional peer tiktoken`. */
  fix: string;
  /** Gives back what `load` built (called by `dispose`). */
  free?: () => void;
  cacheMaxChars: number;
}

/** What an encoding has once it is loaded. */
interface Loaded {
  readonly count: CountTokens;
  /** Counts of message contents: a chat's history is counted again every turn. */
  readonly cache: TokenCountCache;
  /** Counts of roles (`user`, `assistant`, …): a handful of short strings in every message. */
  readonly roles: Map<string, number>;
}

/** More distinct roles than this are counted through the content cache. */
const MAX_ROLES = 16;

function loadedEntry(count: CountTokens, cacheMaxChars: number): Loaded {
  return { count, cache: new TokenCountCache(cacheMaxChars), roles: new Map() };
}

function roleTokens({ count, cache, roles }: Loaded, role: string): number {
  let tokens = roles.get(role);
  if (tokens === undefined) {
    if (roles.size >= MAX_ROLES) return cache.count(role, count);
    tokens = count(role);
    roles.set(role, tokens);
  }
  return tokens;
}

/**
 * @internal Chat-aware, caching estimator over any BPE counting function, loaded lazily: `ready`
 * loads an encoding the first time a model needs it; counting before that throws.
 */
export function createBpeEstimator(spec: BpeEstimatorSpec): TokenEstimator {
  const loaded = new Map<EncodingName, Loaded>();
  const loading = new Map<EncodingName, Promise<void>>();
  let disposed = false;

  const take = (encoding: EncodingName): Loaded | undefined => {
    let entry = loaded.get(encoding);
    if (entry === undefined && !disposed) {
      const count = spec.loaded(encoding);
      if (count !== undefined) {
        entry = loadedEntry(count, spec.cacheMaxChars);
        loaded.set(encoding, entry);
      }
    }
    return entry;
  };

  const loadedFor = (model: string | undefined): Loaded => {
    const encoding = encodingForModel(model);
    const entry = take(encoding);
    if (entry !== undefined) return entry;
    throw new Error(
      disposed
        ? `${spec.name} estimator was disposed`
        : `${spec.name} estimator: ${encoding} is not loaded; await estimator.ready(${JSON.stringify(model ?? null)}) before counting (the governor does)`,
    );
  };

  const ready = (model?: string): Promise<void> | undefined => {
    const encoding = encodingForModel(model);
    if (take(encoding) !== undefined) return undefined;
    if (disposed) return Promise.reject(new Error(`${spec.name} estimator was disposed`));
    let pending = loading.get(encoding);
    if (pending === undefined) {
      pending = spec.load(encoding).then(
        (count) => {
          if (!disposed && !loaded.has(encoding)) {
            loaded.set(encoding, loadedEntry(count, spec.cacheMaxChars));
          }
        },
        (cause: unknown) => {
          throw new GenOpsConfigError({
            field: 'estimator',
            expected: `an estimator that can load its tokenizer: ${spec.name} could not load ${encoding} (${spec.fix})`,
            received: spec.name,
            cause,
          });
        },
      );
      // A failed load stays failed: every call for this encoding reports the same error.
      loading.set(encoding, pending);
    }
    return pending;
  };

  return {
    name: spec.name,
    // A single text (a prompt, a model's output) is rarely counted twice: caching it would cost
    // every call about a third of counting it (measured with gpt-tokenizer at 200 B, pnpm bench).
    countText: (text, model) => loadedFor(model).count(text),
    countMessages(messages: readonly ChatMessage[], model) {
      const entry = loadedFor(model);
      const { count, cache } = entry;
      let total = REPLY_PRIMING_TOKENS;
      for (const message of messages) {
        total += TOKENS_PER_MESSAGE + roleTokens(entry, message.role);
        total += cache.count(message.content, count);
        if (message.name !== undefined) {
          total += TOKENS_PER_NAME + cache.count(message.name, count);
        }
        if (message.extraTokens !== undefined) total += message.extraTokens;
      }
      return total;
    },
    ready,
    warmup(models) {
      for (const model of models === undefined || models.length === 0 ? [undefined] : models) {
        // Reported by `ready` when a call needs the encoding; nothing to report here.
        ready(model)?.catch(() => {});
      }
    },
    dispose() {
      disposed = true;
      for (const { cache } of loaded.values()) cache.clear();
      loaded.clear();
      spec.free?.();
    },
  };
}
