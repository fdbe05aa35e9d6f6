import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createGovernor, GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry, summarizeSpans } from '@genops/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GenOpsLedgerStateError } from './errors/genops-ledger-state-error.js';
import { GenOpsLedgerUnavailableError } from './errors/genops-ledger-unavailable-error.js';
import { startRedisServer, type TestRedisServer } from './internal/testing/redis-server.js';
import { RedisLedger } from './redis-ledger.js';
import type { OnUnavailable } from './redis-ledger-options.js';

/**
 * Faults against a real redis-server: frozen (SIGSTOP: connected but silent), stopped (connection
 * refused) and restarted (empty: the test server persists nothing). The only timing checks are
 * functional bounds: no call may wait much longer than the command timeout.
 */
const TIMEOUT_MS = 300;
const BOUND_MS = TIMEOUT_MS + 1_000;

const telemetry = createTestTelemetry();
let server: TestRedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
});
beforeEach(async () => {
  client = new Redis(server.port, '127.0.0.1', { retryStrategy: () => 50 });
  client.on('error', () => undefined);
  await client.flushall();
  telemetry.reset();
});
afterEach(async () => {
  server.resume();
  client.disconnect();
});
afterAll(async () => {
  await server.stop();
  await telemetry.shutdown();
});

function setup(onUnavailable: OnUnavailable) {
  const ledgerErrors: unknown[] = [];
  const governorErrors: unknown[] = [];
  const ledger = new RedisLedger({
    client,
    commandTimeoutMs: TIMEOUT_MS,
    onUnavailable,
    writeBackIntervalMs: 100,
    onError: (error) => ledgerErrors.push(error),
  });
  const governor = createGovernor({
    attribution: { team: 'support', project: 'helpdesk', environment: 'test' },
    budgets: [{ name: 'shared', limit: 10_000, period: 'total' }],
    ledger,
    warmup: false,
    onError: (error) => governorErrors.push(error),
  });
  return { ledger, governor, ledgerErrors, governorErrors };
}

/** One governed call; resolves with its outcome and how long the caller waited. */
async function call(governor: Governor, outputTokens: number) {
  const started = performance.now();
  try {
    await governor.execute(
      { operation: { name: 'chat', type: 'inference' }, inputTokens: 100, maxOutputTokens: 200 },
      async () => ({ value: 'ok', usage: { inputTokens: 100, outputTokens } }),
    );
    return { outcome: 'ALLOWED', waitedMs: performance.now() - started };
  } catch (error) {
    if (!GenOpsPolicyError.isInstance(error)) throw error;
    return {
      outcome: `${error.decision.result} ${error.reasonCode}`,
      waitedMs: performance.now() - started,
    };
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const rejection = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('fail-closed (default)', () => {
  it('blocks with x_ledger_unavailable within the timeout while Redis is frozen, then cleans up', async () => {
    const { ledger, governor, ledgerErrors, governorErrors } = setup('fail-closed');
    expect(await call(governor, 50)).toMatchObject({ outcome: 'ALLOWED' });
    await governor.flush();
    telemetry.reset();

    server.pause();
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => call(governor, 50)));
    for (const { outcome, waitedMs } of outcomes) {
      expect(outcome).toBe('BLOCKED x_ledger_unavailable');
      expect(waitedMs).toBeLessThan(BOUND_MS);
    }
    expect(governorErrors).toHaveLength(5);
    for (const error of governorErrors) {
      expect(GenOpsLedgerUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ operation: 'reserve', reason: 'timeout', queued: false });
    }
    expect(ledgerErrors).toEqual([]);
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    expect(summarizeSpans(spans)[0]?.events).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "genops.policy.name": "ledger",
            "genops.policy.reason": "the ledger could not reserve; failing closed",
            "genops.policy.reason_code": "x_ledger_unavailable",
            "genops.policy.result": "BLOCKED",
          },
          "name": "genops.policy.evaluated",
        },
      ]
    `);

    // The late reservations reach Redis after the cancellations queued behind them: nothing stays held.
    expect(ledger.pendingWrites).toBe(5);
    server.resume();
    await ledger.flush();
    expect(ledger.pendingWrites).toBe(0);
    expect(await ledger.snapshot('shared')).toMatchObject({ consumed: 150, reserved: 0 });
    const records = await client.keys('genops:{ledger}:awu:*');
    expect(records).toHaveLength(6);
    expect(new Set(await client.mget(...records))).toEqual(new Set(['done']));
  });

  it('queues a settle that meets a frozen Redis and writes it back on flush, exactly once', async () => {
    const { ledger, governor, governorErrors } = setup('fail-closed');
    const awu = await governor.begin({
      operation: { name: 'chat', type: 'inference' },
      inputTokens: 100,
      maxOutputTokens: 200,
    });
    expect(awu.decision.result).toBe('ALLOWED');
    server.pause();
    const started = performance.now();
    await awu.settle({ usage: { inputTokens: 100, outputTokens: 120 } });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(governorErrors).toHaveLength(1);
    expect(governorErrors[0]).toMatchObject({
      operation: 'settle',
      queued: true,
      pendingWrites: 1,
    });

    const flushStarted = performance.now();
    const failed = await rejection(governor.flush());
    expect(performance.now() - flushStarted).toBeLessThan(2 * TIMEOUT_MS + 1_000);
    expect(GenOpsLedgerUnavailableError.isInstance(failed)).toBe(true);
    expect(failed).toMatchObject({ operation: 'flush', queued: true, pendingWrites: 1 });

    server.resume();
    await governor.flush();
    expect(ledger.pendingWrites).toBe(0);
    expect(await ledger.snapshot('shared')).toMatchObject({ consumed: 220, reserved: 0 });
    // Written once, whatever retried: a repeat of the same settle changes nothing.
    expect(
      (await ledger.settle({ awuId: awu.id, actuals: [{ key: 'shared', amount: 220 }] })).applied,
    ).toBe(false);
  });

  it('survives Redis stopping and restarting: bounded refusals, then service again', async () => {
    const { ledger, governor } = setup('fail-closed');
    expect(await call(governor, 10)).toMatchObject({ outcome: 'ALLOWED' });
    await server.stop();
    for (let i = 0; i < 5; i++) {
      const { outcome, waitedMs } = await call(governor, 10);
      expect(outcome).toBe('BLOCKED x_ledger_unavailable');
      expect(waitedMs).toBeLessThan(BOUND_MS);
    }
    const snapshot = await rejection(ledger.snapshot('shared'));
    expect(snapshot).toMatchObject({ operation: 'snapshot' });

    await server.start();
    await waitUntil(() => client.status === 'ready', 'the client reconnects');
    await ledger.flush();
    expect(await call(governor, 10)).toMatchObject({ outcome: 'ALLOWED' });
    await governor.flush();
    // The restarted server persisted nothing: only the call made after the restart is there.
    expect(await ledger.snapshot('shared')).toMatchObject({ consumed: 110, reserved: 0 });
  });

  it('fails fast on a closed client, with a typed error that keeps the cause', async () => {
    const { ledger } = setup('fail-closed');
    client.disconnect();
    const started = performance.now();
    const error = await rejection(
      ledger.reserve({ awuId: 'closed', leaseMs: 1_000, budgets: [], rates: [] }),
    );
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(GenOpsLedgerUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'reserve', reason: 'error' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('fail-open', () => {
  it('lets calls through on local state while Redis is frozen and writes their usage back', async () => {
    const { ledger, governor, ledgerErrors, governorErrors } = setup('fail-open');
    expect(await call(governor, 200)).toMatchObject({ outcome: 'ALLOWED' });
    await governor.flush();
    telemetry.reset();

    server.pause();
    const outcomes = await Promise.all([10, 20, 30].map((tokens) => call(governor, tokens)));
    for (const { outcome, waitedMs } of outcomes) {
      expect(outcome).toBe('ALLOWED');
      expect(waitedMs).toBeLessThan(BOUND_MS);
    }
    const direct = await ledger.reserve({
      awuId: 'direct',
      leaseMs: 60_000,
      budgets: [
        {
          budget: 'shared',
          key: 'shared',
          period: 'total',
          limit: 10_000,
          amount: 5,
          enforce: true,
        },
      ],
      rates: [],
    });
    expect(direct).toMatchObject({
      reserved: true,
      degraded: { reasonCode: 'x_ledger_unavailable' },
      budgets: [{ consumed: 300 + 110 + 120 + 130, reserved: 5, fits: true, exhausted: false }],
    });
    await ledger.release('direct');
    expect(ledgerErrors).toHaveLength(4);
    expect(ledgerErrors[0]).toMatchObject({ operation: 'reserve', reason: 'timeout' });
    expect(governorErrors).toEqual([]);
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    for (const span of summarizeSpans(spans)) {
      // Reserved without Redis (fail-open): the AWU proceeds, flagged WARNING by policy `ledger`.
      expect(span.attributes).toMatchObject({
        'genops.policy.result': 'WARNING',
        'genops.policy.reason_code': 'x_ledger_unavailable',
        'genops.policy.name': 'ledger',
      });
      expect(span.events.map((event) => event.name)).toEqual(
        expect.arrayContaining(['genops.budget.reservation', 'genops.budget.reconciliation']),
      );
      expect(span.attributes['genops.accounting.actual']).toBeGreaterThan(100);
    }

    expect(ledger.pendingWrites).toBeGreaterThanOrEqual(3);
    expect(GenOpsLedgerUnavailableError.isInstance(await rejection(governor.flush()))).toBe(true);
    server.resume();
    await governor.flush();
    expect(ledger.pendingWrites).toBe(0);
    // Usage made locally is counted once, whether or not the late reservations reached Redis.
    expect(await ledger.snapshot('shared')).toMatchObject({ consumed: 300 + 360, reserved: 0 });
  });

  it('writes local usage into a restarted Redis', async () => {
    const { ledger, governor } = setup('fail-open');
    expect(await call(governor, 0)).toMatchObject({ outcome: 'ALLOWED' });
    await server.stop();
    const outcomes = [await call(governor, 1), await call(governor, 2)];
    for (const { outcome, waitedMs } of outcomes) {
      expect(outcome).toBe('ALLOWED');
      expect(waitedMs).toBeLessThan(BOUND_MS);
    }
    await server.start();
    await waitUntil(() => client.status === 'ready', 'the client reconnects');
    await governor.flush();
    expect(await ledger.snapshot('shared')).toMatchObject({
      consumed: 101 + 102,
      reserved: 0,
      allocated: 10_000,
    });
  });

  it('still refuses on malformed state: it is not unavailability', async () => {
    const { ledger } = setup('fail-open');
    await client.set('genops:{ledger}:budget:shared:total', 'garbage');
    const error = await rejection(
      ledger.reserve({
        awuId: 'bad',
        leaseMs: 1_000,
        budgets: [
          { budget: 'shared', key: 'shared', period: 'total', limit: 1, amount: 1, enforce: true },
        ],
        rates: [],
      }),
    );
    expect(GenOpsLedgerStateError.isInstance(error)).toBe(true);
  });
});
