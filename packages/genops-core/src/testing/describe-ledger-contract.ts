import { beforeEach, describe, expect, it } from 'vitest';
import { budgetPeriodId } from '../ledger/budget-period-id.js';
import type { BudgetClaim, Ledger, RateClaim, ReserveRequest } from '../ledger/ledger.js';

/** Makes a fresh, empty ledger for each test of {@link describeLedgerContract}. */
export type LedgerFactory = () => Promise<Ledger>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const budget = (overrides: Partial<BudgetClaim> = {}): BudgetClaim => ({
  budget: 'team',
  key: 'team',
  period: 'total',
  limit: 100,
  amount: 30,
  enforce: true,
  ...overrides,
});

const rate = (overrides: Partial<RateClaim> = {}): RateClaim => ({
  policy: 'rpm',
  key: 'rpm',
  intervalMs: 60_000,
  burst: 2,
  cost: 1,
  enforce: true,
  ...overrides,
});

let next = 0;
const request = (overrides: Partial<ReserveRequest> = {}): ReserveRequest => ({
  awuId: `awu-${++next}`,
  leaseMs: 60_000,
  budgets: [budget()],
  rates: [],
  ...overrides,
});

/**
 * The behaviour every `Ledger` must share, as a vitest suite with exact numbers: all-or-nothing
 * reservations across budgets and rate limits, positions, leases, idempotent settles and releases,
 * late settles, periods. `InMemoryLedger` and `RedisLedger` pass it; run it against your own ledger
 * (see `docs/write-your-own-ledger.md`).
 *
 * @example
 * ```ts
 * import { describeLedgerContract } from '@genops/core/testing';
 * describeLedgerContract('PostgresLedger', async () => {
 *   await pool.query('TRUNCATE genops_budgets, genops_holds, genops_rates');
 *   return new PostgresLedger({ pool });
 * });
 * ```
 */
// Longer than ~60 lines: a test suite, one `it` per guarantee of the `Ledger` contract.
export function describeLedgerContract(name: string, create: LedgerFactory): void {
  describe(`Ledger contract: ${name}`, () => {
    let ledger: Ledger;
    beforeEach(async () => {
      ledger = await create();
    });

    it('reserves what fits and reports the position after the reservation', async () => {
      const result = await ledger.reserve(request());
      expect(result.reserved).toBe(true);
      expect(result.budgets).toEqual([
        {
          budget: 'team',
          key: 'team',
          periodId: 'total',
          allocated: 100,
          consumed: 0,
          reserved: 30,
          remaining: 70,
          exhausted: false,
          fits: true,
        },
      ]);
      expect(await ledger.snapshot('team')).toEqual({
        budget: 'team',
        key: 'team',
        periodId: 'total',
        allocated: 100,
        consumed: 0,
        reserved: 30,
        remaining: 70,
      });
    });

    it('derives calendar period ids from its own clock (UTC)', async () => {
      for (const period of ['hour', 'day', 'week', 'month'] as const) {
        const result = await ledger.reserve(
          request({ budgets: [budget({ budget: period, key: period, period })] }),
        );
        expect(result.budgets[0]?.periodId).toBe(budgetPeriodId(period, result.nowMs));
        expect((await ledger.snapshot(period))?.periodId).toBe(result.budgets[0]?.periodId);
      }
    });

    it('refuses what does not fit, reserving nothing', async () => {
      await ledger.reserve(request({ budgets: [budget({ amount: 80 })] }));
      const refused = await ledger.reserve(request({ budgets: [budget({ amount: 30 })] }));
      expect(refused.reserved).toBe(false);
      expect(refused.budgets[0]).toMatchObject({
        consumed: 0,
        reserved: 80,
        remaining: 20,
        exhausted: false,
        fits: false,
      });
      expect((await ledger.snapshot('team'))?.reserved).toBe(80);
    });

    it('is all-or-nothing across budgets', async () => {
      const claims = [
        budget({ budget: 'a', key: 'a', limit: 100, amount: 50 }),
        budget({ budget: 'b', key: 'b', limit: 40, amount: 50 }),
      ];
      await ledger.reserve(request({ budgets: [budget({ budget: 'a', key: 'a', amount: 10 })] }));
      const result = await ledger.reserve(request({ budgets: claims }));
      expect(result.reserved).toBe(false);
      expect(result.budgets.map((position) => [position.fits, position.reserved])).toEqual([
        [true, 10],
        [false, 0],
      ]);
      expect((await ledger.snapshot('a'))?.reserved).toBe(10);
      expect(await ledger.snapshot('b')).toBeUndefined();
    });

    it('reports an exhausted budget', async () => {
      await ledger.reserve(request({ awuId: 'all', budgets: [budget({ amount: 100 })] }));
      await ledger.settle({ awuId: 'all', actuals: [{ key: 'team', amount: 100 }] });
      const over = await ledger.reserve(request({ budgets: [budget({ amount: 1 })] }));
      expect(over.reserved).toBe(false);
      expect(over.budgets[0]).toMatchObject({
        consumed: 100,
        reserved: 0,
        remaining: 0,
        exhausted: true,
        fits: false,
      });
    });

    it('reserves beyond the limit when the claim is not enforced (warn, shadow)', async () => {
      const result = await ledger.reserve(
        request({ budgets: [budget({ amount: 130, enforce: false })] }),
      );
      expect(result.reserved).toBe(true);
      expect(result.budgets[0]).toMatchObject({ reserved: 130, remaining: -30, fits: false });
    });

    it('settles once: consumption recorded, reservation released, a repeat changes nothing', async () => {
      await ledger.reserve(request({ awuId: 'settle-me' }));
      const settled = await ledger.settle({
        awuId: 'settle-me',
        actuals: [{ key: 'team', amount: 25 }],
      });
      expect(settled).toEqual({
        applied: true,
        lateAfterExpiry: false,
        budgets: [
          {
            budget: 'team',
            key: 'team',
            periodId: 'total',
            allocated: 100,
            consumedBefore: 0,
            consumedAfter: 25,
            remaining: 75,
          },
        ],
      });
      expect(
        await ledger.settle({ awuId: 'settle-me', actuals: [{ key: 'team', amount: 25 }] }),
      ).toEqual({ applied: false, lateAfterExpiry: false, budgets: [] });
      expect(await ledger.snapshot('team')).toMatchObject({ consumed: 25, reserved: 0 });
    });

    it('settles each budget by key and ignores actuals for budgets it did not reserve', async () => {
      await ledger.reserve(
        request({
          awuId: 'two',
          budgets: [
            budget({ budget: 'a', key: 'a', amount: 10 }),
            budget({ budget: 'b', key: 'b|customer_id=acme', amount: 10 }),
          ],
        }),
      );
      const settled = await ledger.settle({
        awuId: 'two',
        actuals: [
          { key: 'b|customer_id=acme', amount: 7 },
          { key: 'elsewhere', amount: 3 },
          { key: 'a', amount: 7 },
        ],
      });
      expect(
        settled.budgets.map((entry) => [entry.budget, entry.key, entry.consumedAfter]),
      ).toEqual([
        ['b', 'b|customer_id=acme', 7],
        ['a', 'a', 7],
      ]);
      expect(await ledger.snapshot('b', 'b|customer_id=acme')).toMatchObject({
        consumed: 7,
        reserved: 0,
      });
    });

    it('keeps fractional amounts exact (the same doubles as in memory)', async () => {
      const claims = (amount: number) => [budget({ limit: 1, amount })];
      await ledger.reserve(request({ awuId: 'f1', budgets: claims(0.1) }));
      const second = await ledger.reserve(request({ awuId: 'f2', budgets: claims(0.2) }));
      expect(second.budgets[0]?.reserved).toBe(0.1 + 0.2);
      expect(second.budgets[0]?.remaining).toBe(1 - 0 - (0.1 + 0.2));
      await ledger.settle({ awuId: 'f1', actuals: [{ key: 'team', amount: 0.07 }] });
      const snapshot = await ledger.snapshot('team');
      expect(snapshot?.reserved).toBe(0.1 + 0.2 - 0.1);
      expect(snapshot?.consumed).toBe(0.07);
    });

    it('releases a reservation; release is idempotent and a later settle changes nothing', async () => {
      await ledger.reserve(request({ awuId: 'release-me' }));
      await ledger.release('release-me');
      await ledger.release('release-me');
      await ledger.release('never-reserved');
      expect(await ledger.snapshot('team')).toMatchObject({ consumed: 0, reserved: 0 });
      expect(
        await ledger.settle({ awuId: 'release-me', actuals: [{ key: 'team', amount: 30 }] }),
      ).toEqual({ applied: false, lateAfterExpiry: false, budgets: [] });
      expect((await ledger.snapshot('team'))?.consumed).toBe(0);
    });

    it('releases an expired lease and still records a late settle, exactly once', async () => {
      await ledger.reserve(request({ awuId: 'lapsed', leaseMs: 100 }));
      await sleep(200);
      expect(await ledger.snapshot('team')).toMatchObject({ reserved: 0, remaining: 100 });
      const late = await ledger.settle({ awuId: 'lapsed', actuals: [{ key: 'team', amount: 12 }] });
      expect(late).toMatchObject({ applied: true, lateAfterExpiry: true });
      expect(late.budgets[0]).toMatchObject({
        consumedBefore: 0,
        consumedAfter: 12,
        remaining: 88,
      });
      expect(
        await ledger.settle({ awuId: 'lapsed', actuals: [{ key: 'team', amount: 12 }] }),
      ).toMatchObject({ applied: false });
      expect(await ledger.snapshot('team')).toMatchObject({ consumed: 12, reserved: 0 });
    });

    it('lets an expired lease free room for other reservations', async () => {
      await ledger.reserve(
        request({ awuId: 'big', leaseMs: 100, budgets: [budget({ amount: 90 })] }),
      );
      expect((await ledger.reserve(request({ budgets: [budget({ amount: 20 })] }))).reserved).toBe(
        false,
      );
      await sleep(200);
      await ledger.snapshot('team');
      const after = await ledger.reserve(request({ budgets: [budget({ amount: 20 })] }));
      expect(after.reserved).toBe(true);
      expect(after.budgets[0]).toMatchObject({ reserved: 20, remaining: 80 });
    });

    it('renews a lease so it outlives its first expiry', async () => {
      await ledger.reserve(request({ awuId: 'stream', leaseMs: 150 }));
      await sleep(75);
      await ledger.renew('stream', 5_000);
      await ledger.renew('unknown', 5_000);
      await sleep(150);
      expect((await ledger.snapshot('team'))?.reserved).toBe(30);
      const settled = await ledger.settle({
        awuId: 'stream',
        actuals: [{ key: 'team', amount: 30 }],
      });
      expect(settled).toMatchObject({ applied: true, lateAfterExpiry: false });
    });

    it('limits rates with GCRA: burst, then retry after one interval', async () => {
      const claims = { budgets: [], rates: [rate()] };
      const first = await ledger.reserve(request(claims));
      const second = await ledger.reserve(request(claims));
      const third = await ledger.reserve(request(claims));
      expect([first.reserved, second.reserved, third.reserved]).toEqual([true, true, false]);
      expect(first.rates).toEqual([{ policy: 'rpm', key: 'rpm', allowed: true, retryAfterMs: 0 }]);
      expect(third.rates[0]?.allowed).toBe(false);
      const elapsed = third.nowMs - first.nowMs;
      expect(third.rates[0]?.retryAfterMs).toBe(Math.ceil(60_000 - elapsed));
    });

    it('refuses budgets too when an enforced rate limit refuses', async () => {
      const claims = { budgets: [budget()], rates: [rate({ burst: 1, cost: 2 })] };
      const result = await ledger.reserve(request(claims));
      expect(result.reserved).toBe(false);
      expect(result.budgets[0]).toMatchObject({ fits: true, reserved: 0 });
      expect(await ledger.snapshot('team')).toBeUndefined();
    });

    it('spends a shadow rate claim even over the limit', async () => {
      const claims = { budgets: [], rates: [rate({ burst: 1, enforce: false })] };
      await ledger.reserve(request(claims));
      const over = await ledger.reserve(request(claims));
      expect(over.reserved).toBe(true);
      expect(over.rates[0]?.allowed).toBe(false);
      const enforced = await ledger.reserve(request({ budgets: [], rates: [rate({ burst: 2 })] }));
      expect(enforced.reserved).toBe(false);
    });

    it('corrects a token rate limit by the actual cost at settle', async () => {
      const claims = { budgets: [budget()], rates: [rate({ burst: 3 })] };
      await ledger.reserve(request({ ...claims, awuId: 'tokens' }));
      await ledger.settle({
        awuId: 'tokens',
        actuals: [{ key: 'team', amount: 30 }],
        rateCorrections: [{ key: 'rpm', deltaCost: 2, intervalMs: 60_000 }],
      });
      const next = await ledger.reserve(request({ budgets: [], rates: [rate({ burst: 3 })] }));
      expect(next.reserved).toBe(false);
    });

    it('settles a rate-only reservation', async () => {
      await ledger.reserve(request({ awuId: 'rate-only', budgets: [], rates: [rate()] }));
      expect(await ledger.settle({ awuId: 'rate-only', actuals: [] })).toEqual({
        applied: true,
        lateAfterExpiry: false,
        budgets: [],
      });
    });

    it('has no snapshot for an unknown budget or a key of another budget', async () => {
      expect(await ledger.snapshot('nothing')).toBeUndefined();
      await ledger.reserve(request());
      expect(await ledger.snapshot('other', 'team')).toBeUndefined();
    });
  });
}
