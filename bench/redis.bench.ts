/**
 * `@genops/redis`: what the Redis ledger adds to a governed call, against one plain EVALSHA round
 * trip measured in the same run on the same redis-server (started here on a free loopback port).
 *
 * - Latency: a governed call (`governor.execute` with a trivial function and a precomputed input
 *   estimate) through `RedisLedger` minus the same call through `InMemoryLedger` is at most 1.2×
 *   one EVALSHA round trip: exactly one awaited round trip before the model runs, settle off the
 *   caller's path.
 * - The same added latency is also compared with one reservation round trip measured alone (the
 *   ledger's reserve script for one budget): at most 1.2× means exactly one awaited round trip,
 *   with settling off the caller's path, whatever the script's own server time.
 * - Throughput: with 64 calls in flight, governed calls through `RedisLedger` sustain at least
 *   half the throughput of raw EVALSHA.
 *
 * - Server work (informational): Redis's own time per governed call (`INFO commandstats` after
 *   `CONFIG RESETSTAT`), sequential and with 64 in flight, with the EVALSHAs and the commands the
 *   scripts run per call, against a trivial EVALSHA.
 *
 * All timings are wall-clock (the harness's CPU clock would not see time spent waiting on Redis).
 */
import { createGovernor, type Governor, InMemoryLedger, type Ledger } from '@genops/core';
import { RedisLedger } from '@genops/redis';
import { Redis } from 'ioredis';
import { startRedisServer } from '../packages/genops-redis/src/internal/testing/redis-server.js';
import { type Measurement, Report } from './harness.js';

const attribution = { team: 'bench', project: 'genops-ts', environment: 'benchmark' };
const request = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  provider: 'openai',
  model: 'gpt-4o',
  inputTokens: 512,
  maxOutputTokens: 256,
} as const;
const usage = { inputTokens: 512, outputTokens: 200 };
const TRIVIAL = 'return 1';
/**
 * The least any Lua reservation does (informational lower bound): server time, the budget's
 * fields, a count of expired holds, the new reserved amount and the AWU's hold. No rate limits, no
 * idempotency record, no release: what one awaited reservation round trip costs at the minimum.
 */
const MINIMAL_RESERVATION = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local v = redis.call('HMGET', KEYS[1], 'allocated', 'consumed', 'reserved')
local consumed, reserved = tonumber(v[2] or 0), tonumber(v[3] or 0)
if redis.call('ZCOUNT', KEYS[2], '-inf', now) > 0 then return 0 end
if consumed + reserved + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'reserved', reserved + tonumber(ARGV[1]))
redis.call('ZADD', KEYS[2], now + 60000, ARGV[3])
return 1`;
const claim = {
  budget: 'reserve-only',
  key: 'reserve-only',
  period: 'month',
  limit: Number.MAX_SAFE_INTEGER,
  amount: 768,
  enforce: true,
} as const;

const now = () => process.hrtime.bigint();
const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;

function governorWith(ledger: Ledger): Governor {
  return createGovernor({
    attribution,
    budgets: [{ name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' }],
    ledger,
    warmup: false,
    onError: (error) => {
      throw error;
    },
  });
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

/** Redis's time per call of `fn` (`calls` in all, `inFlight` at a time), from `INFO commandstats`. */
async function serverWork(
  client: Redis,
  fn: () => Promise<unknown>,
  settle: () => Promise<void>,
  calls: number,
  inFlight: number,
) {
  await client.config('RESETSTAT');
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = 0; i < calls / inFlight; i++) await fn();
    }),
  );
  await settle();
  const info = (await client.info('commandstats')) as string;
  let scripts = 0;
  let usec = 0;
  let commands = 0;
  for (const [, name, count, time] of info.matchAll(/cmdstat_(\w+):calls=(\d+),usec=(\d+)/g)) {
    if (name === 'evalsha' || name === 'eval' || name === 'fcall') {
      scripts += Number(count);
      usec += Number(time);
    } else if (name !== 'config' && name !== 'info' && name !== 'function') {
      commands += Number(count);
    }
  }
  return { scripts: scripts / calls, usec: usec / calls, commands: commands / calls };
}

export async function run(): Promise<Report[]> {
  const server = await startRedisServer();
  const client = new Redis(server.port, '127.0.0.1');
  try {
    const sha = (await client.script('LOAD', TRIVIAL)) as string;
    const minimalSha = (await client.script('LOAD', MINIMAL_RESERVATION)) as string;
    const redisLedger = new RedisLedger({ client });
    const viaRedis = governorWith(redisLedger);
    const inMemory = governorWith(new InMemoryLedger());
    const evalsha = () => client.evalsha(sha, 0);
    const governed = (governor: Governor) => () =>
      governor.execute(request, async () => ({ value: 'ok', usage }));

    const latency = new Report(
      'Redis ledger: caller latency of a governed call (same redis-server, loopback)',
    );
    let next = 0;
    const reserveOnly = async () => {
      const awuId = `bench-reserve-${next++}`;
      await redisLedger.reserve({ awuId, leaseMs: 60_000, budgets: [claim], rates: [] });
      void redisLedger.release(awuId);
    };
    const minimal = () =>
      client.evalsha(minimalSha, 2, 'minimal:budget', 'minimal:holds', 768, 1e15, `m${next++}`);
    const [raw, floor, reserve, memory, redis] = await interleaved([
      ['one EVALSHA round trip, trivial script (wall)', evalsha],
      ['one EVALSHA round trip, minimal reservation script (wall, lower bound)', minimal],
      ['RedisLedger.reserve round trip, one budget (wall)', reserveOnly],
      ['governed call, InMemoryLedger (wall)', governed(inMemory)],
      ['governed call, RedisLedger (wall)', governed(viaRedis)],
    ]);
    for (const measurement of [raw, floor, reserve, memory, redis]) latency.add(measurement!);
    const added = redis!.medianNs - memory!.medianNs;
    latency.check(
      'latency RedisLedger adds ÷ one EVALSHA round trip',
      `${(added / raw!.medianNs).toFixed(2)}× (${(added / 1000).toFixed(1)} µs)`,
      '≤ 1.2×',
      added <= 1.2 * raw!.medianNs,
    );
    latency.check(
      'latency RedisLedger adds ÷ one reservation round trip (one awaited round trip, settle off the path)',
      `${(added / reserve!.medianNs).toFixed(2)}×`,
      '≤ 1.2×',
      added <= 1.2 * reserve!.medianNs,
    );
    latency.note(
      `lower bound: a minimal reservation script (5 commands, no rate limit, no idempotency record, nothing released) alone takes ${(floor!.medianNs / raw!.medianNs).toFixed(2)}× the trivial round trip, ${((floor!.medianNs - raw!.medianNs) / 1000).toFixed(1)} µs more; the 1.2× target leaves ${((0.2 * raw!.medianNs) / 1000).toFixed(1)} µs for everything a reservation adds (informational)`,
    );
    await viaRedis.flush();

    const load = new Report('Redis ledger: throughput with 64 calls in flight');
    const rawRates: number[] = [];
    const ledgerRates: number[] = [];
    for (let round = 0; round < 3; round++) {
      rawRates.push(await throughput(evalsha, 64, 1_500));
      ledgerRates.push(await throughput(governed(viaRedis), 64, 1_500));
      await viaRedis.flush();
    }
    const rawRate = median(rawRates);
    const ledgerRate = median(ledgerRates);
    load.add({
      name: 'raw EVALSHA, 64 in flight (wall, per call)',
      medianNs: 1e9 / rawRate,
      batches: 3,
      batchSize: 0,
    });
    load.add({
      name: 'governed call via RedisLedger, 64 in flight (wall, per call)',
      medianNs: 1e9 / ledgerRate,
      batches: 3,
      batchSize: 0,
    });
    load.check(
      'RedisLedger throughput ÷ raw EVALSHA throughput',
      `${(ledgerRate / rawRate).toFixed(2)} (${Math.round(ledgerRate)}/s vs ${Math.round(rawRate)}/s)`,
      '≥ 0.5',
      ledgerRate >= 0.5 * rawRate,
    );
    const snapshot = await redisLedger.snapshot('monthly');
    load.check(
      'nothing left reserved after the run',
      String(snapshot?.reserved),
      '0',
      snapshot?.reserved === 0,
    );

    const server = new Report(
      'Redis ledger: server time per call (INFO commandstats; EVALSHA/FCALL time includes the commands its script runs)',
    );
    const none = async () => {};
    const settled = () => viaRedis.flush();
    for (const [name, fn, settle, inFlight] of [
      ['trivial EVALSHA', evalsha, none, 1],
      ['governed call via RedisLedger, sequential', governed(viaRedis), settled, 1],
      ['governed call via RedisLedger, 64 in flight', governed(viaRedis), settled, 64],
    ] as const) {
      const work = await serverWork(client, fn, settle, 2048, inFlight);
      server.add({
        name: `${name}: ${work.scripts.toFixed(3)} EVALSHA/FCALL and ${work.commands.toFixed(2)} redis.call per call (server time)`,
        medianNs: work.usec * 1000,
        batches: 1,
        batchSize: 2048,
      });
    }
    return [latency, load, server];
  } finally {
    client.disconnect();
    await server.stop();
  }
}
