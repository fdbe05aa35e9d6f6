import { InMemoryLedger, type Ledger } from '@genops/core';
import { describeError } from './chat/chat-notices.js';

/** A ledger for the chatbots, with what to tell the user about it. */
export interface ChatLedger {
  readonly ledger: Ledger;
  /** For the banner, e.g. `in-memory (this process only)`. */
  readonly label: string;
  /** Several processes share it (Redis). */
  readonly shared: boolean;
  /**
   * Found at start-up: the ledger cannot be reached, and how to fix it, in one line. `undefined`
   * when it answered.
   */
  readonly startupProblem: string | undefined;
  /** What is wrong with the ledger now and how to fix it (one line), or `undefined`. */
  problem(): string | undefined;
  /**
   * Writes what is pending and closes the Redis connection. Never rejects: resolves with a warning
   * saying what could not be written, or `undefined`.
   */
  close(): Promise<string | undefined>;
}

/** Options of {@link createChatLedger}. */
export interface CreateChatLedgerOptions {
  /** Redis URL (`GENOPS_REDIS_URL`); without it the ledger is in-memory. Default: none. */
  readonly redisUrl?: string | undefined;
  /** Redis key prefix, so that several demos can share one server. Default: `genops-example:`. */
  readonly keyPrefix?: string;
  /** Longest wait for one Redis call, ms (`RedisLedger`'s `commandTimeoutMs`). Default: 1000. */
  readonly commandTimeoutMs?: number;
}

/**
 * An in-memory ledger, or a `RedisLedger` when a Redis URL is given, so that several chatbot
 * processes share one set of budgets and rate limits. `@genops/redis` and `ioredis` are loaded
 * only then. Redis is checked at start-up (one PING): when it does not answer, `startupProblem`
 * says so and how to fix it, and the chat goes on — every question is then refused
 * (`x_ledger_unavailable`, fail-closed) until Redis answers. The client's connection errors are
 * listened to (never an unhandled `error` event) and kept for {@link ChatLedger.problem}.
 *
 * @example
 * ```ts
 * const { ledger, startupProblem, close } = await createChatLedger({ redisUrl: process.env.GENOPS_REDIS_URL });
 * ```
 */
export async function createChatLedger({
  redisUrl,
  keyPrefix = 'genops-example:',
  commandTimeoutMs = 1000,
}: CreateChatLedgerOptions = {}): Promise<ChatLedger> {
  if (redisUrl === undefined || redisUrl === '') {
    return {
      ledger: new InMemoryLedger(),
      label: 'in-memory (this process only; set GENOPS_REDIS_URL to share it)',
      shared: false,
      startupProblem: undefined,
      problem: () => undefined,
      close: async () => undefined,
    };
  }
  const [{ RedisLedger, GenOpsLedgerUnavailableError }, { Redis }] = await Promise.all([
    import('@genops/redis'),
    import('ioredis'),
  ]);
  const shown = redactUrl(redisUrl);
  let lastError: string | undefined;
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    // While Redis is unreachable a command fails at once (a refusal now, not after a timeout).
    enableOfflineQueue: false,
    connectTimeout: commandTimeoutMs * 2,
    // Reconnect quickly at first, then every 2 s: a restarted Redis is used again at once.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  // Without a listener ioredis prints "[ioredis] Unhandled error event" on every reconnect.
  client.on('error', (error: unknown) => {
    lastError = describeError(error);
  });
  client.on('ready', () => {
    lastError = undefined;
  });
  client.on('close', () => {
    lastError ??= 'connection closed';
  });
  const ledger = new RedisLedger({
    client,
    keyPrefix,
    commandTimeoutMs,
    // Ledger faults reach the chat as refusals and status lines; nothing is printed from here.
    onError: () => {},
  });
  const fix = fixFor(redisUrl);
  const problem = () =>
    client.status === 'ready'
      ? undefined
      : `Redis at ${shown} is not answering${lastError === undefined ? '' : ` (${lastError})`} — ${fix}`;
  const startupProblem = await startUp(client, commandTimeoutMs * 2).then(
    () => undefined,
    (error: unknown) =>
      `Redis at ${shown} is not answering (${lastError ?? describeError(error)}) — ${fix}; until then every question is refused (BLOCKED x_ledger_unavailable: the budgets fail closed)`,
  );
  return {
    ledger,
    label: `Redis at ${shown} (shared by every process using it, prefix ${keyPrefix})`,
    shared: true,
    startupProblem,
    problem,
    async close() {
      let warning: string | undefined;
      // Unreachable: do not wait for timeouts again, the writes fail at once and stay counted.
      if (client.status !== 'ready') client.disconnect();
      try {
        await ledger.close();
      } catch (error) {
        const pending = GenOpsLedgerUnavailableError.isInstance(error)
          ? error.pendingWrites
          : undefined;
        const what =
          pending === undefined
            ? 'some ledger writes'
            : `${pending} ledger ${pending === 1 ? 'write' : 'writes'}`;
        warning = `${what} queued while Redis at ${shown} was unreachable could not be written (${lastError ?? describeError(error)}): the shared budgets miss the usage or releases of this session's calls; a reservation frees itself when its lease ends`;
      }
      client.disconnect();
      return warning;
    },
  };
}

async function startUp(
  client: { connect(): Promise<unknown>; ping(): Promise<unknown> },
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How to get this Redis running, or do without it. */
function fixFor(url: string): string {
  try {
    const parsed = new URL(url);
    const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
    const port = parsed.port === '' ? '6379' : parsed.port;
    return local
      ? `start it (redis-server --port ${port}) or unset GENOPS_REDIS_URL`
      : 'check the server and GENOPS_REDIS_URL, or unset it';
  } catch {
    return 'check GENOPS_REDIS_URL, or unset it';
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured URL';
  }
}
