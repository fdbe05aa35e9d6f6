import { GenOpsConfigError } from '@genops/core';
import type { OnUnavailable, RedisLedgerOptions } from '../redis-ledger-options.js';
import type { ScriptClient } from './script-runner.js';

/** @internal {@link RedisLedgerOptions} validated, with defaults. */
export interface ResolvedLedgerOptions {
  readonly client: ScriptClient;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
  readonly onUnavailable: OnUnavailable;
  readonly settledMemoryMs: number;
  readonly writeBackIntervalMs: number;
  readonly onError: (error: unknown) => void;
}

/** @internal Validates the options once; throws `GenOpsConfigError` naming the field. */
// Longer than ~60 lines: one check per option, each naming its field.
export function resolveLedgerOptions(options: RedisLedgerOptions): ResolvedLedgerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new GenOpsConfigError({
      field: 'options',
      expected: 'a RedisLedgerOptions object',
      received: options,
    });
  }
  if (!canOpenTcp()) {
    throw new GenOpsConfigError({
      field: 'client',
      expected:
        'a runtime with TCP sockets for ioredis (Node, Bun, Deno): Vercel Edge, Cloudflare Workers and browsers cannot reach Redis; keep the InMemoryLedger there, or run the shared budget in a Node function',
      received: options.client,
    });
  }
  const {
    client,
    keyPrefix = 'genops:',
    commandTimeoutMs = 1_000,
    onUnavailable = 'fail-closed',
    settledMemoryMs = 86_400_000,
    writeBackIntervalMs = 1_000,
    onError = defaultOnError(),
  } = options;
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof (client as unknown as Partial<ScriptClient>).evalsha !== 'function' ||
    typeof (client as unknown as Partial<ScriptClient>).eval !== 'function'
  ) {
    throw new GenOpsConfigError({
      field: 'client',
      expected: 'an ioredis client (new Redis(…) or new Cluster(…))',
      received: client,
    });
  }
  if (typeof keyPrefix !== 'string') {
    throw new GenOpsConfigError({ field: 'keyPrefix', expected: 'a string', received: keyPrefix });
  }
  positive(commandTimeoutMs, 'commandTimeoutMs');
  positive(settledMemoryMs, 'settledMemoryMs');
  positive(writeBackIntervalMs, 'writeBackIntervalMs');
  if (onUnavailable !== 'fail-closed' && onUnavailable !== 'fail-open') {
    throw new GenOpsConfigError({
      field: 'onUnavailable',
      expected: "'fail-closed' or 'fail-open'",
      received: onUnavailable,
    });
  }
  if (typeof onError !== 'function') {
    throw new GenOpsConfigError({ field: 'onError', expected: 'a function', received: onError });
  }
  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // A reporter that throws must not break the ledger.
    }
  };
  return {
    client: client as unknown as ScriptClient,
    keyPrefix,
    commandTimeoutMs,
    onUnavailable,
    settledMemoryMs,
    writeBackIntervalMs,
    onError: report,
  };
}

function positive(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new GenOpsConfigError({
      field,
      expected: 'a finite number of milliseconds > 0',
      received: value,
    });
  }
}

function defaultOnError(): (error: unknown) => void {
  let reported = 0;
  return (error) => {
    if (reported++ < 100) console.warn('[genops/redis]', error);
  };
}

/**
 * ioredis needs Node's `net`/`tls`: present in Node, Bun and Deno (all three set
 * `process.versions.node`), absent from Vercel's Edge Runtime, Cloudflare Workers and browsers.
 */
function canOpenTcp(): boolean {
  const host = globalThis as { process?: { versions?: { node?: unknown } }; EdgeRuntime?: unknown };
  return typeof host.EdgeRuntime !== 'string' && typeof host.process?.versions?.node === 'string';
}
