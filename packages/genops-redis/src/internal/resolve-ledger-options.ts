import { GenOpsConfigError } from '@genops/core';
import type { LeaseOptions, OnUnavailable, RedisLedgerOptions } from '../redis-ledger-options.js';
import type { LeaseSettings } from './leases/lease-settings.js';
import type { ScriptClient } from './script-runner.js';

/** @internal {@link RedisLedgerOptions} validated, with defaults. */
export interface ResolvedLedgerOptions {
  readonly client: ScriptClient;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
  readonly onUnavailable: OnUnavailable;
  readonly settledMemoryMs: number;
  readonly writeBackIntervalMs: number;
  /** Undefined: every reservation goes to Redis. */
  readonly leases: LeaseSettings | undefined;
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
    leases = {},
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
    leases: leases === false ? undefined : resolveLeases(leases),
    onError: report,
  };
}

function resolveLeases(options: LeaseOptions): LeaseSettings {
  if (typeof options !== 'object' || options === null) {
    throw new GenOpsConfigError({
      field: 'leases',
      expected: 'a LeaseOptions object or false',
      received: options,
    });
  }
  const {
    ttlMs = 30_000,
    idleMs = 5_000,
    maxShare = 0.5,
    hotCallsPerSecond = 4,
    demandSeconds = 2,
  } = options;
  positive(ttlMs, 'leases.ttlMs');
  positive(idleMs, 'leases.idleMs');
  positive(hotCallsPerSecond, 'leases.hotCallsPerSecond', 'a finite number > 0');
  positive(demandSeconds, 'leases.demandSeconds', 'a finite number of seconds > 0');
  if (typeof maxShare !== 'number' || !(maxShare > 0 && maxShare <= 1)) {
    throw new GenOpsConfigError({
      field: 'leases.maxShare',
      expected: 'a number > 0 and <= 1',
      received: maxShare,
    });
  }
  return { ttlMs, idleMs, maxShare, hotCallsPerSecond, demandSeconds };
}

function positive(
  value: unknown,
  field: string,
  expected = 'a finite number of milliseconds > 0',
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new GenOpsConfigError({
      field,
      expected,
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
