import { InMemoryLedger, type Ledger } from '@genops/core';

/** A ledger for the chatbots, with what to tell the user about it. */
export interface ChatLedger {
  readonly ledger: Ledger;
  /** For the banner, e.g. `in-memory (this process only)`. */
  readonly label: string;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

/** Options of {@link createChatLedger}. */
export interface CreateChatLedgerOptions {
  /** Redis URL (`GENOPS_REDIS_URL`); without it the ledger is in-memory. Default: none. */
  readonly redisUrl?: string | undefined;
  /** Redis key prefix, so that several demos can share one server. Default: `genops-example:`. */
  readonly keyPrefix?: string;
}

/**
 * An in-memory ledger, or a `RedisLedger` when a Redis URL is given, so that several chatbot
 * processes share one set of budgets and rate limits. `@genops/redis` and `ioredis` are loaded
 * only then.
 *
 * @example
 * ```ts
 * const { ledger, close } = await createChatLedger({ redisUrl: process.env.GENOPS_REDIS_URL });
 * ```
 */
export async function createChatLedger({
  redisUrl,
  keyPrefix = 'genops-example:',
}: CreateChatLedgerOptions = {}): Promise<ChatLedger> {
  if (redisUrl === undefined || redisUrl === '') {
    return {
      ledger: new InMemoryLedger(),
      label: 'in-memory (this process only; set GENOPS_REDIS_URL to share it)',
      close: async () => {},
    };
  }
  const [{ RedisLedger }, { Redis }] = await Promise.all([
    import('@genops/redis'),
    import('ioredis'),
  ]);
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const ledger = new RedisLedger({ client, keyPrefix });
  return {
    ledger,
    label: `Redis at ${redactUrl(redisUrl)} (shared by every process using it, prefix ${keyPrefix})`,
    async close() {
      await ledger.flush();
      await ledger.close?.();
      client.disconnect();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
