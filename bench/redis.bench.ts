/**
 * `@genops/redis` on a redis-server started here on a free loopback port, every ratio measured in
 * this run.
 *
 * - Hot budget: a governed call (`governor.execute`, trivial function, precomputed estimate) on one
 *   budget through `RedisLedger` (leased slices) is at most 1.3× the same call through
 *   `InMemoryLedger`, sequential and with 64 in flight; it sends at most 0.05 Redis commands per
 *   governed call (`INFO commandstats`, commands run by scripts included).
 * - Scale: 4 processes on one hot budget together reach at least 2× the raw EVALSHA throughput of
 *   one connection (64 in flight): more than any per-call design gets from one Redis.
 * - Cold instances (every call a new customer, so no slice is ever leased): the per-call path with
 *   leases enabled costs at most 1.1× the same path with `leases: false`; the table compares it with
 *   a trivial EVALSHA and rate-limiter-flexible's `consume()` in the same run (informational).
 *
 * Wall-clock timings (the harness's CPU clock would not see time spent waiting on Redis).
 */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BudgetOptions,
  createGovernor,
  type GovernancePolicy,
  type Governor,
  InMemoryLedger,
  type Ledger,
  rateLimit,
} from '@genops/core';
import { RedisLedger } from '@genops/redis';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { startRedisServer } from '../packages/genops-redis/src/internal/testing/redis-server.js';
import { type Measurement, Report } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const attribution = { team: 'bench', project: 'genops-ts', environment: 'benchmark' };
const request = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  provider: 'openai',
  model: 'gpt-4o',
  inputTokens: 512,
  maxOutputTokens: 256,
} as const;
const usage = { inputTokens: 512, outputTokens: 200 };
const HOT: BudgetOptions = { name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' };
const PER_CUSTOMER: BudgetOptions = {
  name: 'per-customer',
  scope: { customer_id: '*' },
  limit: Number.MAX_SAFE_INTEGER,
  period: 'day',
};

const now = () => process.hrtime.bigint();
const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;

function governorWith(
  ledger: Ledger,
  budgets: readonly BudgetOptions[] = [HOT],
  policies: readonly GovernancePolicy[] = [],
): Governor {
  return createGovernor({
    attribution,
    budgets,
    policies,
    ledger,
    warmup: false,
    onError: (error) => {
      throw error;
    },
  });
}

const governed = (governor: Governor) => () =>
  governor.execute(request, async () => ({ value: 'ok', usage }));

/** Each call a customer never seen before: its per-customer budget instance is always cold. */
function coldCustomers(governor: Governor): () => Promise<unknown> {
  let next = 0;
  return () =>
    governor.execute({ ...request, attribution: { customer_id: `c${next++}` } }, async () => ({
      value: 'ok',
      usage,
    }));
}

/** Batches of each function interleaved (A, B, C, A, B, C, …), so that machine load affects all alike. */
async function interleaved(
  entries: readonly (readonly [string, () => Promise<unknown>])[],
  { batches = 15, batchSize = 400 } = {},
): Promise<Measurement[]> {
  for (const [, fn] of entries) for (let i = 0; i < 500; i++) await fn();
  const samples = entries.map(() => [] as number[]);
  for (let b = 0; b < batches; b++) {
    for (let which = 0; which < entries.length; which++) {
      const fn = entries[which]![1];
      const start = now();
      for (let i = 0; i < batchSize; i++) await fn();
      samples[which]!.push(Number(now() - start) / batchSize);
    }
  }
  return entries.map(([name], which) => ({
    name,
    medianNs: median(samples[which]!),
    batches,
    batchSize,
  }));
}

/** Calls per second with `inFlight` loops running `fn` for `durationMs`. */
async function throughput(fn: () => Promise<unknown>, inFlight: number, durationMs: number) {
  let calls = 0;
  const deadline = performance.now() + durationMs;
  const start = now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        await fn();
        calls++;
      }
    }),
  );
  return calls / (Number(now() - start) / 1e9);
}

/** Median throughput of each function over `rounds` interleaved rounds, 64 in flight. */
async function throughputs(
  fns: readonly (() => Promise<unknown>)[],
  { rounds = 3, durationMs = 1_500 } = {},
): Promise<number[]> {
  const rates = fns.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [which, fn] of fns.entries())
      rates[which]!.push(await throughput(fn, 64, durationMs));
  }
  return rates.map(median);
}

/** Redis commands per call of `fn` (`calls` calls, `inFlight` at a time), scripts' commands included. */
async function commandsPerCall(
  client: Redis,
  fn: () => Promise<unknown>,
  { calls, inFlight, after }: { calls: number; inFlight: number; after?: () => Promise<void> },
): Promise<number> {
  await client.config('RESETSTAT');
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = 0; i < calls / inFlight; i++) await fn();
    }),
  );
  await after?.();
  const info = (await client.info('commandstats')) as string;
  let commands = 0;
  for (const [, name, count] of info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) {
    if (name !== 'config' && name !== 'info') commands += Number(count);
  }
  return commands / calls;
}

const perCall = (name: string, callsPerSecond: number, batches = 3): Measurement => ({
  name,
  medianNs: 1e9 / callsPerSecond,
  batches,
  batchSize: 0,
});

/** Runs governed calls on one hot budget in `count` processes at once; their calls per second. */
async function processes(port: number, count: number, durationMs: number): Promise<number[]> {
  const workers = Array.from({ length: count }, () =>
    fork(join(here, 'redis-worker.ts'), [JSON.stringify({ port, durationMs, inFlight: 64 })], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const message = (worker: (typeof workers)[number]) =>
    new Promise<Record<string, number | boolean>>((resolve, reject) => {
      worker.once('message', (value) => resolve(value as Record<string, number | boolean>));
      worker.once('exit', (code) => reject(new Error(`bench worker exited (${code})`)));
    });
  await Promise.all(workers.map(message));
  const results = workers.map(message);
  for (const worker of workers) worker.send('go');
  return (await Promise.all(results)).map((result) => Number(result.callsPerSecond));
}

export async function run(): Promise<Report[]> {
  const server = await startRedisServer();
  const client = new Redis(server.port, '127.0.0.1');
  try {
    const sha = (await client.script('LOAD', 'return 1')) as string;
    const evalsha = () => client.evalsha(sha, 0);
    const redisLedger = new RedisLedger({ client });
    const viaRedis = governorWith(redisLedger);
    const inMemory = governorWith(new InMemoryLedger());

    // Hot budget: leased slices.
    const hot = new Report('Redis ledger: hot budget (leased slices) against the in-memory ledger');
    const [memory, redis] = await interleaved([
      ['governed call, InMemoryLedger, sequential (wall)', governed(inMemory)],
      ['governed call, RedisLedger, hot budget, sequential (wall)', governed(viaRedis)],
    ]);
    hot.add(memory!);
    hot.add(redis!);
    hot.ratio('hot budget, sequential: RedisLedger ÷ InMemoryLedger', redis!, memory!, 1.3);
    const [memoryRate, redisRate] = await throughputs([governed(inMemory), governed(viaRedis)]);
    const memoryLoad = hot.add(
      perCall('governed call, InMemoryLedger, 64 in flight (wall, per call)', memoryRate!),
    );
    const redisLoad = hot.add(
      perCall('governed call, RedisLedger, hot budget, 64 in flight (wall, per call)', redisRate!),
    );
    hot.ratio('hot budget, 64 in flight: RedisLedger ÷ InMemoryLedger', redisLoad, memoryLoad, 1.3);
    const commands = await commandsPerCall(client, governed(viaRedis), {
      calls: 20_000,
      inFlight: 64,
    });
    hot.check(
      'Redis commands per governed call, hot budget (20,000 calls, 64 in flight)',
      commands.toFixed(4),
      '≤ 0.05',
      commands <= 0.05,
    );
    await viaRedis.flush();
    const snapshot = await redisLedger.snapshot('monthly');
    hot.check(
      'nothing left reserved after flush()',
      String(snapshot?.reserved),
      '0',
      snapshot?.reserved === 0,
    );

    // Several processes on one hot budget, against one connection's raw EVALSHA throughput.
    const scale = new Report('Redis ledger: 4 processes on one hot budget');
    const [rawRate] = await throughputs([evalsha]);
    const rates = await processes(server.port, 4, 3_000);
    const together = rates.reduce((sum, rate) => sum + rate, 0);
    scale.add(
      perCall('raw EVALSHA (return 1), one connection, 64 in flight (wall, per call)', rawRate!),
    );
    scale.add(
      perCall(
        'governed calls of 4 processes together, 64 in flight each (wall, per call)',
        together,
        1,
      ),
    );
    scale.check(
      '4 processes together ÷ raw EVALSHA throughput of one connection',
      `${(together / rawRate!).toFixed(2)}× (${Math.round(together)}/s vs ${Math.round(rawRate!)}/s)`,
      '≥ 2×',
      together >= 2 * rawRate!,
    );

    // Cold instances: the per-call path.
    const cold = new Report(
      'Redis ledger: cold instances (a new customer every call: reserved per call in Redis)',
    );
    const limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: 'rlf',
      points: Number.MAX_SAFE_INTEGER,
      duration: 60,
    });
    const rateLimited = (options: ConstructorParameters<typeof RedisLedger>[0]) =>
      governorWith(
        new RedisLedger(options),
        [],
        [rateLimit({ name: 'rpm', requestsPerMinute: 1e9 })],
      );
    const everything = governorWith(
      new RedisLedger({ client }),
      [HOT, PER_CUSTOMER],
      [rateLimit({ name: 'rpm', requestsPerMinute: 1e9 })],
    );
    const leasing = coldCustomers(governorWith(new RedisLedger({ client }), [PER_CUSTOMER]));
    const perCallOnly = coldCustomers(
      governorWith(new RedisLedger({ client, leases: false }), [PER_CUSTOMER]),
    );
    const rows: [string, () => Promise<unknown>][] = [
      ['trivial EVALSHA (return 1)', evalsha],
      ['rate-limiter-flexible consume() (RateLimiterRedis)', () => limiter.consume('bench')],
      ['RedisLedger, 1 rate limit', governed(rateLimited({ client }))],
      ['RedisLedger, 1 cold budget instance, leases: false', perCallOnly],
      ['RedisLedger, 1 cold budget instance (leases enabled)', leasing],
      [
        'RedisLedger, hot budget + cold per-customer budget + rate limit',
        coldCustomers(everything),
      ],
    ];
    const latencies = await interleaved(rows, { batches: 9, batchSize: 300 });
    const coldRates = await throughputs(
      rows.map(([, fn]) => fn),
      { rounds: 3, durationMs: 1_000 },
    );
    const trivial = latencies[0]!;
    for (const [index, [name, fn]] of rows.entries()) {
      const latency = latencies[index]!;
      const work = await commandsPerCall(client, fn, { calls: 2_000, inFlight: 64 });
      cold.add({
        ...latency,
        name: `${name}: sequential (wall; ${(latency.medianNs / trivial.medianNs).toFixed(2)}× trivial EVALSHA)`,
      });
      cold.add(
        perCall(
          `${name}: 64 in flight (wall, per call; ${Math.round(coldRates[index]!)}/s, ${work.toFixed(1)} Redis commands per call)`,
          coldRates[index]!,
        ),
      );
    }
    cold.ratio(
      'cold instance, sequential: leases enabled ÷ leases: false (no worse than the per-call path)',
      latencies[4]!,
      latencies[3]!,
      1.1,
    );
    await everything.flush();
    return [hot, scale, cold];
  } finally {
    client.disconnect();
    await server.stop();
  }
}
