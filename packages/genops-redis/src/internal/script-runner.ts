import { GenOpsLedgerStateError } from '../errors/genops-ledger-state-error.js';
import type { LedgerUnavailableReason } from '../errors/genops-ledger-unavailable-error.js';
import type { LuaScript } from './lua/define-script.js';

/** @internal The part of an ioredis client (`Redis` or `Cluster`, v5 or v6) the ledger uses. */
export interface ScriptClient {
  evalsha(sha: string, numKeys: number, ...args: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** @internal Redis did not answer in time or failed the call: the ledger decides what follows. */
export class Unavailable extends Error {
  constructor(
    readonly reason: LedgerUnavailableReason,
    override readonly cause: unknown,
  ) {
    super(reason === 'timeout' ? 'timed out' : 'failed', { cause });
  }
}

/**
 * @internal Runs ledger scripts with EVALSHA, falling back to EVAL (which also caches the script on
 * the server) on NOSCRIPT, within a bounded time. Rejects only with {@link Unavailable} or
 * `GenOpsLedgerStateError`.
 */
export class ScriptRunner {
  readonly #client: ScriptClient;
  readonly #base: string;
  readonly #timeoutMs: number;

  constructor(client: ScriptClient, base: string, timeoutMs: number) {
    this.#client = client;
    this.#base = base;
    this.#timeoutMs = timeoutMs;
  }

  run(script: LuaScript, args: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Unavailable('timeout', undefined)),
        this.#timeoutMs,
      );
      let call: Promise<unknown>;
      try {
        call = this.#client.evalsha(script.sha, 1, this.#base, ...args).catch((error: unknown) => {
          if (!isNoScript(error)) throw error;
          return this.#client.eval(script.source, 1, this.#base, ...args);
        });
      } catch (error) {
        call = Promise.reject(error);
      }
      call.then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(classify(error));
        },
      );
    });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isNoScript(error: unknown): boolean {
  return message(error).startsWith('NOSCRIPT');
}

const malformed = 'GENOPS_MALFORMED ';

/** @internal A script or client error as `GenOpsLedgerStateError` (malformed state) or {@link Unavailable}. */
export function classify(error: unknown): Error {
  const text = message(error);
  const at = text.indexOf(malformed);
  if (at >= 0) {
    const detail = parseDetail(text.slice(at + malformed.length));
    if (detail !== undefined) return new GenOpsLedgerStateError({ ...detail, cause: error });
  }
  return new Unavailable('error', error);
}

function parseDetail(json: string): { key: string; detail: string } | undefined {
  // The JSON object ends at the last brace; Redis may append script details after it.
  const end = json.lastIndexOf('}');
  try {
    const parsed: unknown = JSON.parse(json.slice(0, end + 1));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { key, detail } = parsed as Record<string, unknown>;
    return typeof key === 'string' && typeof detail === 'string' ? { key, detail } : undefined;
  } catch {
    return undefined;
  }
}
