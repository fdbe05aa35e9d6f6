import { GenOpsLedgerStateError } from '../errors/genops-ledger-state-error.js';
import type { LedgerUnavailableReason } from '../errors/genops-ledger-unavailable-error.js';
import type { LuaOperation } from './lua/define-operation.js';
import { LEDGER_LIBRARY, type LuaLibrary } from './lua/ledger-library.js';

/** @internal The part of an ioredis client (`Redis` or `Cluster`, v5 or v6) the ledger uses. */
export interface ScriptClient {
  evalsha(sha: string, numKeys: number, ...args: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
  /** Redis Functions (ioredis 5.3+); without them the ledger runs scripts. */
  fcall?(name: string, numKeys: number, ...args: string[]): Promise<unknown>;
  function?(...args: string[]): Promise<unknown>;
  /** A `Cluster`'s nodes: the library is loaded on every primary. */
  nodes?(role: 'master'): readonly ScriptClient[];
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
 * @internal Runs ledger operations within a bounded time. Rejects only with {@link Unavailable} or
 * `GenOpsLedgerStateError`.
 *
 * On Redis 7+ each operation is an FCALL of the ledger's Functions library, loaded lazily (`FUNCTION
 * LOAD REPLACE`) the first time the server answers `Function not found` (a new or restarted
 * server, `FUNCTION FLUSH`), then called again. Where FUNCTION or FCALL is unavailable (Redis
 * before 7, an ACL that refuses them, an ioredis without `fcall`) the runner switches to scripts
 * for good: EVALSHA, falling back to EVAL (which also caches the script on the server) on NOSCRIPT.
 */
export class ScriptRunner {
  readonly #client: ScriptClient;
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #library: LuaLibrary;
  #functions: boolean;
  #loading: Promise<boolean> | undefined;

  constructor(client: ScriptClient, base: string, timeoutMs: number, library = LEDGER_LIBRARY) {
    this.#client = client;
    this.#base = base;
    this.#timeoutMs = timeoutMs;
    this.#library = library;
    this.#functions = typeof client.fcall === 'function' && typeof client.function === 'function';
  }

  run(operation: LuaOperation, args: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Unavailable('timeout', undefined)),
        this.#timeoutMs,
      );
      let call: Promise<unknown>;
      try {
        call = this.#functions ? this.#call(operation, args) : this.#script(operation, args);
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

  #call(operation: LuaOperation, args: readonly string[]): Promise<unknown> {
    const name = this.#library.functionOf(operation);
    const client = this.#client as Required<ScriptClient>;
    return client.fcall(name, 1, this.#base, ...args).catch((error: unknown) => {
      if (refused(error)) {
        this.#functions = false;
        return this.#script(operation, args);
      }
      if (!message(error).includes('Function not found')) throw error;
      return this.#load().then((loaded) =>
        loaded ? client.fcall(name, 1, this.#base, ...args) : this.#script(operation, args),
      );
    });
  }

  /** Loads the library (once for concurrent callers); false when the server refuses FUNCTION. */
  #load(): Promise<boolean> {
    this.#loading ??= this.#loadOnce().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #loadOnce(): Promise<boolean> {
    const client = this.#client;
    const targets = typeof client.nodes === 'function' ? client.nodes('master') : [client];
    try {
      await Promise.all(
        targets.map((node) =>
          (node as Required<ScriptClient>).function('LOAD', 'REPLACE', this.#library.source),
        ),
      );
      return true;
    } catch (error) {
      if (!refused(error)) throw error;
      this.#functions = false;
      return false;
    }
  }

  #script(operation: LuaOperation, args: readonly string[]): Promise<unknown> {
    const { sha, source } = operation.script;
    return this.#client.evalsha(sha, 1, this.#base, ...args).catch((error: unknown) => {
      if (!message(error).startsWith('NOSCRIPT')) throw error;
      return this.#client.eval(source, 1, this.#base, ...args);
    });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server cannot or may not run FUNCTION or FCALL: Redis before 7, or an ACL refusal. */
function refused(error: unknown): boolean {
  const text = message(error);
  return (
    text.startsWith('NOPERM') ||
    /^ERR (unknown command|unknown subcommand)/i.test(text) ||
    text.includes("unknown command 'fcall'") ||
    text.includes("unknown command 'function'")
  );
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
