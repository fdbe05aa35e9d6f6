import { describe, expect, it } from 'vitest';
import { InMemoryLedger } from './in-memory-ledger.js';
import { synchronousLedgerOf } from './internal/synchronous-ledger.js';
import type { BudgetClaim, RateClaim } from './ledger.js';

function setup(startMs = Date.UTC(2026, 10, 21, 12)) {
  let nowMs = startMs;
  const clock = { nowMs: () => nowMs };
  const ledger = new InMemoryLedger({ clock });
  return { ledger, advance: (ms: number) => (nowMs += ms), set: (ms: number) => (nowMs = ms) };
}

const claim = (amount: number, extra: Partial<BudgetClaim> = {}): BudgetClaim => ({
  budget: 'b',
  key: 'b',
  period: 'month',
  limit: 100,
  amount,
  enforce: true,
  ...extra,
});

describe('InMemoryLedger', () => {
  it('its synchronous protocol answers exactly as reserve and settle (the governor calls it instead)', async () => {
    const viaPromises = setup();
    const direct = setup();
    const rate: RateClaim = {
      policy: 'r',
      key: 'r',
      intervalMs: 1_000,
      burst: 2,
      cost: 1,
      enforce: true,
    };
    const steps: ((ledger: InMemoryLedger, sync: boolean) => unknown)[] = [
      (ledger, sync) => {
        const request = { awuId: 'a', leaseMs: 1_000, budgets: [claim(60)], rates: [rate] };
        return sync ? synchronousLedgerOf(ledger)!.reserve(request) : ledger.reserve(request);
      },
      (ledger, sync) => {
        const request = { awuId: 'b', leaseMs: 1_000, budgets: [claim(60)], rates: [rate] };
        return sync ? synchronousLedgerOf(ledger)!.reserve(request) : ledger.reserve(request);
      },
      (ledger, sync) => {
        const request = { awuId: 'a', actuals: [{ key: 'b', amount: 30 }] };
        return sync ? synchronousLedgerOf(ledger)!.settle(request) : ledger.settle(request);
      },
      (ledger, sync) => {
        const request = { awuId: 'a', actuals: [{ key: 'b', amount: 30 }] };
        return sync ? synchronousLedgerOf(ledger)!.settle(request) : ledger.settle(request);
      },
      (ledger, sync) => {
        const request = { awuId: 'c', leaseMs: 1_000, budgets: [claim(60)], rates: [rate] };
        return sync ? synchronousLedgerOf(ledger)!.reserve(request) : ledger.reserve(request);
      },
    ];
    for (const step of steps) {
      const answered = step(viaPromises.ledger, false);
      expect(answered).toBeInstanceOf(Promise);
      expect(step(direct.ledger, true)).toEqual(await answered);
    }
    expect(await direct.ledger.snapshot('b')).toEqual(await viaPromises.ledger.snapshot('b'));
  });

  it('reserves all-or-nothing across budgets', async () => {
    const { ledger } = setup();
    const other = claim(60, { budget: 'o', key: 'o', limit: 50 });
    const result = await ledger.reserve({
      awuId: 'a',
      leaseMs: 1000,
      budgets: [claim(60), other],
      rates: [],
    });
    expect(result.reserved).toBe(false);
    expect(result.budgets.map((p) => [p.budget, p.fits, p.exhausted])).toEqual([
      ['b', true, false],
      ['o', false, false],
    ]);
    expect(await ledger.snapshot('b')).toBeUndefined();
  });

  it('distinguishes an exhausted budget from a reservation that does not fit', async () => {
    const { ledger } = setup();
    await ledger.reserve({ awuId: 'a', leaseMs: 1000, budgets: [claim(70)], rates: [] });
    const tooBig = await ledger.reserve({
      awuId: 'b',
      leaseMs: 1000,
      budgets: [claim(40)],
      rates: [],
    });
    expect(tooBig.budgets[0]).toMatchObject({ fits: false, exhausted: false, remaining: 30 });
    await ledger.settle({ awuId: 'a', actuals: [{ key: 'b', amount: 100 }] });
    const none = await ledger.reserve({
      awuId: 'c',
      leaseMs: 1000,
      budgets: [claim(1)],
      rates: [],
    });
    expect(none.budgets[0]).toMatchObject({ fits: false, exhausted: true, remaining: 0 });
  });

  it('reserves unenforced claims even when they do not fit', async () => {
    const { ledger } = setup();
    const result = await ledger.reserve({
      awuId: 'a',
      leaseMs: 1000,
      budgets: [claim(150, { enforce: false })],
      rates: [],
    });
    expect(result).toMatchObject({
      reserved: true,
      budgets: [{ fits: false, reserved: 150, remaining: -50 }],
    });
  });

  it('settles idempotently and releases the reservation', async () => {
    const { ledger } = setup();
    await ledger.reserve({ awuId: 'a', leaseMs: 1000, budgets: [claim(50)], rates: [] });
    const first = await ledger.settle({ awuId: 'a', actuals: [{ key: 'b', amount: 20 }] });
    const second = await ledger.settle({ awuId: 'a', actuals: [{ key: 'b', amount: 20 }] });
    expect(first).toMatchObject({
      applied: true,
      budgets: [{ consumedBefore: 0, consumedAfter: 20, remaining: 80 }],
    });
    expect(second.applied).toBe(false);
    expect(await ledger.snapshot('b')).toMatchObject({ consumed: 20, reserved: 0, remaining: 80 });
  });

  it('releases an expired lease, and a late settle still records the actual once', async () => {
    const { ledger, advance } = setup();
    await ledger.reserve({ awuId: 'a', leaseMs: 1000, budgets: [claim(90)], rates: [] });
    advance(1500);
    expect(await ledger.snapshot('b')).toMatchObject({ reserved: 0, consumed: 0 });
    const late = await ledger.settle({ awuId: 'a', actuals: [{ key: 'b', amount: 30 }] });
    expect(late).toMatchObject({ applied: true, lateAfterExpiry: true });
    await ledger.settle({ awuId: 'a', actuals: [{ key: 'b', amount: 30 }] });
    expect(await ledger.snapshot('b')).toMatchObject({ reserved: 0, consumed: 30 });
  });

  it('renews leases', async () => {
    const { ledger, advance } = setup();
    await ledger.reserve({ awuId: 'a', leaseMs: 1000, budgets: [claim(90)], rates: [] });
    advance(800);
    await ledger.renew('a', 1000);
    advance(800);
    expect(await ledger.snapshot('b')).toMatchObject({ reserved: 90 });
  });

  it('release is idempotent and frees the amount', async () => {
    const { ledger } = setup();
    await ledger.reserve({ awuId: 'a', leaseMs: 1000, budgets: [claim(90)], rates: [] });
    await ledger.release('a');
    await ledger.release('a');
    expect(await ledger.snapshot('b')).toMatchObject({ reserved: 0, consumed: 0 });
  });

  it('starts a new period at the UTC calendar boundary', async () => {
    const { ledger, set } = setup(Date.UTC(2026, 10, 30, 23, 59));
    await ledger.reserve({ awuId: 'a', leaseMs: 60_000, budgets: [claim(60)], rates: [] });
    await ledger.settle({ awuId: 'a', actuals: [{ key: 'b', amount: 60 }] });
    set(Date.UTC(2026, 11, 1, 0, 0, 1));
    const result = await ledger.reserve({
      awuId: 'b',
      leaseMs: 60_000,
      budgets: [claim(60)],
      rates: [],
    });
    expect(result.budgets[0]).toMatchObject({ periodId: '2026-12', consumed: 0, fits: true });
  });

  it('rate limits with GCRA: a burst, then the sustained rate', async () => {
    const { ledger, advance } = setup();
    const rate: RateClaim = {
      policy: 'r',
      key: 'r',
      intervalMs: 1000,
      burst: 3,
      cost: 1,
      enforce: true,
    };
    const outcomes: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        (await ledger.reserve({ awuId: `a${i}`, leaseMs: 1000, budgets: [], rates: [rate] }))
          .reserved,
      );
    }
    expect(outcomes).toEqual([true, true, true, false]);
    const denied = await ledger.reserve({ awuId: 'x', leaseMs: 1000, budgets: [], rates: [rate] });
    expect(denied.rates[0]).toMatchObject({ allowed: false, retryAfterMs: 1000 });
    advance(1000);
    expect(
      (await ledger.reserve({ awuId: 'y', leaseMs: 1000, budgets: [], rates: [rate] })).reserved,
    ).toBe(true);
    expect(
      (await ledger.reserve({ awuId: 'z', leaseMs: 1000, budgets: [], rates: [rate] })).reserved,
    ).toBe(false);
  });

  it('a denied rate claim reserves no budget', async () => {
    const { ledger } = setup();
    const rate: RateClaim = {
      policy: 'r',
      key: 'r',
      intervalMs: 1000,
      burst: 0,
      cost: 1,
      enforce: true,
    };
    const result = await ledger.reserve({
      awuId: 'a',
      leaseMs: 1000,
      budgets: [claim(10)],
      rates: [rate],
    });
    expect(result.reserved).toBe(false);
    expect(await ledger.snapshot('b')).toBeUndefined();
  });

  it('counts one settle of an id reserved again after its first hold expired, not two', async () => {
    const { ledger, advance } = setup();
    await ledger.reserve({ awuId: 'reused', leaseMs: 1_000, budgets: [claim(10)], rates: [] });
    advance(5_000); // expired; swept by the next reservation, kept for a late settle
    await ledger.reserve({ awuId: 'reused', leaseMs: 60_000, budgets: [claim(20)], rates: [] });
    const settle = { awuId: 'reused', actuals: [{ key: 'b', amount: 7 }] };
    expect(await ledger.settle(settle)).toMatchObject({ applied: true, lateAfterExpiry: false });
    expect(await ledger.settle(settle)).toMatchObject({ applied: false, budgets: [] });
    expect(await ledger.snapshot('b')).toMatchObject({ consumed: 7, reserved: 0, remaining: 93 });
  });
});
