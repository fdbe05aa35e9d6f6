import { type BudgetClaim, GenOpsConfigError, type ReserveRequest } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEDGER_BASE, useRedisFixture } from './internal/testing/redis-fixture.js';
import { RedisLedger } from './redis-ledger.js';
import type { LeaseOptions } from './redis-ledger-options.js';

const telemetry = createTestTelemetry();
const fixture = useRedisFixture(telemetry);
let client: Redis;
beforeAll(() => {
  client = fixture.client;
});

const base = DEFAULT_LEDGER_BASE;
const claim = (overrides: Partial<BudgetClaim> = {}): BudgetClaim => ({
  budget: 'hot',
  key: 'hot',
  period: 'total',
  limit: 1_000_000,
  amount: 100,
  enforce: true,
  ...overrides,
});
let next = 0;
const request = (budgets: BudgetClaim[], awuId = `awu-${++next}`): ReserveRequest => ({
  awuId,
  leaseMs: 60_000,
  budgets,
  rates: [],
});

/** A ledger that leases from the second reservation of an instance on. */
const eager = (leases: LeaseOptions = {}) =>
  new RedisLedger({ client, leases: { hotCallsPerSecond: 2, ...leases } });

async function commands(): Promise<number> {
  const info = (await client.info('commandstats')) as string;
  let calls = 0;
  for (const [, name, count] of info.matchAll(/cmdstat_(\w+):calls=(\d+)/g)) {
    if (name === 'fcall' || name === 'evalsha' || name === 'eval') calls += Number(count);
  }
  return calls;
}

/** What Redis holds for an instance: the budget hash and the slices. */
async function inRedis(key: string, periodId = 'total') {
  const [consumed, reserved] = await client.hmget(
    `${base}budget:${key}:${periodId}`,
    'consumed',
    'reserved',
  );
  const slices = await client.hgetall(`${base}leases:${key}:${periodId}`);
  return { consumed: Number(consumed), reserved: Number(reserved), slices };
}

describe('leased slices', () => {
  it('reserves and settles a hot instance locally: a few Redis calls for many governed calls', async () => {
    const ledger = eager();
    await client.config('RESETSTAT');
    for (let i = 0; i < 500; i++) {
      const result = await ledger.reserve(request([claim()], `hot-${i}`));
      expect(result.reserved).toBe(true);
      await ledger.settle({ awuId: `hot-${i}`, actuals: [{ key: 'hot', amount: 60 }] });
    }
    expect(await commands()).toBeLessThan(25);
    // Exactly what the in-memory ledger would say, from this process's view.
    expect(await ledger.snapshot('hot')).toEqual({
      budget: 'hot',
      key: 'hot',
      periodId: 'total',
      allocated: 1_000_000,
      consumed: 30_000,
      reserved: 0,
      remaining: 970_000,
    });
    // Redis counts the slice whole (reserved) until it is given back.
    const leased = await inRedis('hot');
    expect(leased.consumed + leased.reserved).toBeGreaterThanOrEqual(30_000);
    expect(Object.keys(leased.slices)).toHaveLength(1);
    await ledger.flush();
    expect(await inRedis('hot')).toEqual({ consumed: 30_000, reserved: 0, slices: {} });
  });

  it('reports positions as this process knows them, exact for a single process', async () => {
    const ledger = eager();
    await ledger.reserve(request([claim()], 'p1'));
    await ledger.reserve(request([claim()], 'p2'));
    const third = await ledger.reserve(request([claim({ amount: 50 })], 'p3'));
    expect(third.budgets).toEqual([
      {
        budget: 'hot',
        key: 'hot',
        periodId: 'total',
        allocated: 1_000_000,
        consumed: 0,
        reserved: 250,
        remaining: 999_750,
        exhausted: false,
        fits: true,
      },
    ]);
    const settled = await ledger.settle({ awuId: 'p3', actuals: [{ key: 'hot', amount: 20 }] });
    expect(settled).toEqual({
      applied: true,
      lateAfterExpiry: false,
      budgets: [
        {
          budget: 'hot',
          key: 'hot',
          periodId: 'total',
          allocated: 1_000_000,
          consumedBefore: 0,
          consumedAfter: 20,
          remaining: 999_780,
        },
      ],
    });
    expect(await ledger.settle({ awuId: 'p3', actuals: [{ key: 'hot', amount: 20 }] })).toEqual({
      applied: false,
      lateAfterExpiry: false,
      budgets: [],
    });
    await ledger.release('p2');
    expect(await ledger.snapshot('hot')).toMatchObject({ consumed: 20, reserved: 100 });
  });

  it('is all-or-nothing across a local slice and a budget reserved in Redis', async () => {
    const ledger = eager();
    for (let i = 0; i < 3; i++) await ledger.reserve(request([claim()], `warm-${i}`));
    const small = claim({ budget: 'small', key: 'small', limit: 50, amount: 60 });
    const refused = await ledger.reserve(request([claim(), small], 'mixed'));
    expect(refused.reserved).toBe(false);
    expect(refused.budgets.map((position) => [position.key, position.fits])).toEqual([
      ['hot', true],
      ['small', false],
    ]);
    expect((await ledger.snapshot('hot'))?.reserved).toBe(300);
    const fits = await ledger.reserve(request([claim(), { ...small, amount: 40 }], 'mixed-ok'));
    expect(fits.reserved).toBe(true);
    expect((await ledger.snapshot('hot'))?.reserved).toBe(400);
    const settled = await ledger.settle({
      awuId: 'mixed-ok',
      actuals: [
        { key: 'small', amount: 30 },
        { key: 'hot', amount: 70 },
      ],
    });
    expect(settled.budgets.map((budget) => [budget.key, budget.consumedAfter])).toEqual([
      ['small', 30],
      ['hot', 70],
    ]);
    expect(await ledger.snapshot('small')).toMatchObject({ consumed: 30, reserved: 0 });
  });

  it('leases no slice near the limit: calls reserve in Redis and are admitted while they fit', async () => {
    const ledger = eager();
    const admitted: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      admitted.push(
        (await ledger.reserve(request([claim({ limit: 1_000, amount: 100 })]))).reserved,
      );
    }
    expect(admitted).toEqual([...Array(10).fill(true), false, false]);
    expect(await inRedis('hot')).toMatchObject({ consumed: 0, reserved: 1_000, slices: {} });
  });

  it('gives the unused part of its slice back before a call it cannot hold goes to Redis', async () => {
    const one = eager();
    const other = eager();
    const limit = 10_000;
    for (let i = 0; i < 4; i++) await one.reserve(request([claim({ limit })]));
    const leased = await inRedis('hot');
    expect(Object.keys(leased.slices)).toHaveLength(1);
    expect(leased.reserved).toBeGreaterThan(400);
    // The other process needs more than what is left beside the first one's slice.
    const big = limit - 400 - 100;
    const result = await other.reserve(request([claim({ limit, amount: big })]));
    expect(result.reserved).toBe(false);
    // Its slice goes back once it reserves in Redis near the limit, or when it idles: flush.
    await one.flush();
    expect((await other.reserve(request([claim({ limit, amount: big })]))).reserved).toBe(true);
  });

  it('gives an idle slice back on its own', async () => {
    const ledger = eager({ idleMs: 200 });
    for (let i = 0; i < 3; i++) {
      const awuId = `idle-${i}`;
      await ledger.reserve(request([claim()], awuId));
      await ledger.settle({ awuId, actuals: [{ key: 'hot', amount: 10 }] });
    }
    expect(Object.keys((await inRedis('hot')).slices)).toHaveLength(1);
    const deadline = Date.now() + 5_000;
    while (Object.keys((await inRedis('hot')).slices).length > 0) {
      if (Date.now() > deadline) throw new Error('the idle slice was never given back');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await inRedis('hot')).toEqual({ consumed: 30, reserved: 0, slices: {} });
  });

  it('keeps a lease alive while it is used and renews it in Redis', async () => {
    const ledger = eager({ ttlMs: 600, idleMs: 5_000 });
    for (let i = 0; i < 3; i++) await ledger.reserve(request([claim()], `live-${i}`));
    const first = Number(
      ((await inRedis('hot')).slices[Object.keys((await inRedis('hot')).slices)[0]!] ?? '').split(
        ':',
      )[2],
    );
    await new Promise((resolve) => setTimeout(resolve, 900));
    await ledger.reserve(request([claim()], 'live-later'));
    const slices = (await inRedis('hot')).slices;
    const renewed = Number((slices[Object.keys(slices)[0]!] ?? '').split(':')[2]);
    expect(renewed).toBeGreaterThan(first);
    expect((await ledger.snapshot('hot'))?.reserved).toBe(400);
  });

  it('rejects bad lease options with GenOpsConfigError naming the field', () => {
    const cases: [unknown, string][] = [
      ['yes', 'leases'],
      [{ ttlMs: 0 }, 'leases.ttlMs'],
      [{ idleMs: -1 }, 'leases.idleMs'],
      [{ maxShare: 1.5 }, 'leases.maxShare'],
      [{ hotCallsPerSecond: Number.NaN }, 'leases.hotCallsPerSecond'],
      [{ demandSeconds: 0 }, 'leases.demandSeconds'],
    ];
    for (const [leases, field] of cases) {
      let error: unknown;
      try {
        new RedisLedger({ client, leases: leases as LeaseOptions });
      } catch (failure) {
        error = failure;
      }
      expect(GenOpsConfigError.isInstance(error), field).toBe(true);
      expect((error as GenOpsConfigError).field).toBe(field);
    }
  });
});
