import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerConfig, WorkerReport } from './internal/testing/ledger-worker.js';
import { startRedisServer, type TestRedisServer } from './internal/testing/redis-server.js';
import { RedisLedger } from './redis-ledger.js';

const here = dirname(fileURLToPath(import.meta.url));
const workerPath = join(here, 'internal/testing/ledger-worker.ts');

let server: TestRedisServer;
let client: Redis;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.port, '127.0.0.1');
});
beforeEach(async () => {
  await client.flushall();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  client.disconnect();
  await server.stop();
});

/** Forks a worker (TypeScript through tsx, workspace packages from source); resolves with its first report. */
function startWorker(config: Omit<WorkerConfig, 'port'>): {
  child: ChildProcess;
  report: Promise<WorkerReport>;
} {
  const child = fork(workerPath, [JSON.stringify({ ...config, port: server.port })], {
    execArgv: ['--conditions=@genops/source', '--import', 'tsx'],
    cwd: join(here, '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const report = new Promise<WorkerReport>((resolve, reject) => {
    child.once('message', (message) => resolve(message as WorkerReport));
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited (${code ?? signal}) before reporting`)),
    );
  });
  return { child, report };
}

describe('one budget shared by several processes', () => {
  it('4 processes × 250 concurrent AWUs never reserve past the limit; all settles add up', async () => {
    const inputTokens = 100;
    const maxOutputTokens = 100;
    const limit = 20_000; // 100 of the 1,000 estimates (200 tokens each) fit at once
    const ledger = new RedisLedger({ client });
    const workers = [1, 2, 3, 4].map(() =>
      startWorker({
        mode: 'load',
        count: 250,
        limit,
        leaseMs: 60_000,
        inputTokens,
        maxOutputTokens,
      }),
    );

    // Monitor: every snapshot is one atomic moment of the shared state.
    let done = false;
    let observations = 0;
    let maxCommitted = 0;
    let maxReserved = 0;
    const monitor = (async () => {
      while (!done) {
        const snapshot = await ledger.snapshot('shared');
        if (snapshot !== undefined) {
          observations++;
          maxCommitted = Math.max(maxCommitted, snapshot.consumed + snapshot.reserved);
          maxReserved = Math.max(maxReserved, snapshot.reserved);
        }
      }
    })();
    const reports = await Promise.all(workers.map((worker) => worker.report));
    done = true;
    await monitor;

    let proceeded = 0;
    let refused = 0;
    let actualSum = 0;
    for (const report of reports) {
      if (report.mode !== 'load') throw new Error('unexpected report');
      expect(report.errors).toEqual([]);
      expect(report.proceeded + report.refused).toBe(250);
      proceeded += report.proceeded;
      refused += report.refused;
      actualSum += report.actualSum;
    }
    expect(proceeded).toBeGreaterThanOrEqual(100);
    expect(refused).toBeGreaterThan(0);
    expect(observations).toBeGreaterThan(10);
    expect(maxReserved).toBeGreaterThan(0);
    // Actuals never exceed estimates here, so consumed + reserved bounds what was ever reserved.
    expect(maxCommitted).toBeLessThanOrEqual(limit);
    expect(await ledger.snapshot('shared')).toEqual({
      budget: 'shared',
      key: 'shared',
      periodId: 'total',
      allocated: limit,
      consumed: actualSum,
      reserved: 0,
      remaining: limit - actualSum,
    });
  }, 90_000);
});

describe('a process killed with reservations in flight', () => {
  it('leaves the budget whole once its leases run out; a delayed settle counts once', async () => {
    const leaseMs = 1_500;
    const { child, report } = startWorker({
      mode: 'hold',
      count: 20,
      limit: 10_000,
      leaseMs,
      inputTokens: 100,
      maxOutputTokens: 100,
    });
    const held = await report;
    if (held.mode !== 'hold') throw new Error('unexpected report');
    expect(held.ids).toHaveLength(20);
    const ledger = new RedisLedger({ client });
    expect(await ledger.snapshot('shared')).toMatchObject({ consumed: 0, reserved: 4_000 });

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    expect((await ledger.snapshot('shared'))?.reserved).toBe(4_000);

    const deadline = Date.now() + 15_000;
    while ((await ledger.snapshot('shared'))?.reserved !== 0) {
      if (Date.now() > deadline) throw new Error('the leases of the killed process never ran out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await ledger.snapshot('shared')).toMatchObject({
      consumed: 0,
      reserved: 0,
      remaining: 10_000,
    });
    const whole = await ledger.reserve({
      awuId: 'whole',
      leaseMs: 60_000,
      budgets: [
        {
          budget: 'shared',
          key: 'shared',
          period: 'total',
          limit: 10_000,
          amount: 10_000,
          enforce: true,
        },
      ],
      rates: [],
    });
    expect(whole.reserved).toBe(true);
    await ledger.release('whole');

    // A settle of the dead process's AWU that arrives after its lease (say, replayed from a log).
    const late = held.ids[0]!;
    const settle = { awuId: late, actuals: [{ key: 'shared', amount: 150 }] };
    expect(await ledger.settle(settle)).toMatchObject({ applied: true, lateAfterExpiry: true });
    expect(await ledger.settle(settle)).toMatchObject({ applied: false });
    expect(await new RedisLedger({ client }).settle(settle)).toMatchObject({ applied: false });
    expect(await ledger.snapshot('shared')).toMatchObject({ consumed: 150, reserved: 0 });
  }, 60_000);
});
