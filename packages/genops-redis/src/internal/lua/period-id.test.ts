import { type BudgetPeriod, budgetPeriodId, InMemoryLedger } from '@genops/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.js';
import { defineScript } from './define-script.js';
import { PERIODS } from './periods.js';

/** Test-only: the Lua period id for every timestamp in ARGV, for each period. */
const PERIOD_IDS = defineScript(
  'period-ids (test)',
  [PERIODS],
  `
local out = {}
for _, at in ipairs(ARGV) do
  for _, period in ipairs({ 'hour', 'day', 'week', 'month', 'total' }) do
    out[#out + 1] = compute_period_id(period, tonumber(at))
  end
end
return out
`,
);

const periods: readonly BudgetPeriod[] = ['hour', 'day', 'week', 'month', 'total'];

/** The core's own period ids, read through its public API (an InMemoryLedger on a fixed clock). */
async function coreIds(nowMs: number): Promise<string[]> {
  const ledger = new InMemoryLedger({ clock: { nowMs: () => nowMs } });
  const result = await ledger.reserve({
    awuId: 'probe',
    leaseMs: 1,
    rates: [],
    budgets: periods.map((period) => ({
      budget: period,
      key: period,
      period,
      limit: 1,
      amount: 0,
      enforce: true,
    })),
  });
  return result.budgets.map((position) => position.periodId);
}

/** Timestamps around every year boundary 1970–2100 (ISO week years differ there), leap days, and random ones. */
function timestamps(): number[] {
  const values: number[] = [0, 951_782_400_000, 4_107_542_400_000 - 1];
  for (let year = 1970; year <= 2100; year++) {
    for (let hours = -5 * 24; hours <= 5 * 24; hours += 7) {
      values.push(Date.UTC(year, 0, 1) + hours * 3_600_000 - 1);
      values.push(Date.UTC(year, 0, 1) + hours * 3_600_000);
    }
    values.push(Date.UTC(year, 1, 28, 23, 59, 59, 999), Date.UTC(year, 2, 1));
  }
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 5_000; i++) values.push(Math.floor(random() * Date.UTC(2101, 0, 1)));
  return values;
}

describe('UTC period ids in Lua', () => {
  let server: TestRedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.port, '127.0.0.1');
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it('agree with the core on every period for thousands of timestamps (ISO weeks included)', async () => {
    const all = timestamps();
    expect(all.length).toBeGreaterThan(10_000);
    let compared = 0;
    for (let from = 0; from < all.length; from += 1_000) {
      const chunk = all.slice(from, from + 1_000);
      const lua = (await client.eval(
        PERIOD_IDS.source,
        1,
        'genops:{ledger}:',
        ...chunk.map(String),
      )) as string[];
      for (const [i, nowMs] of chunk.entries()) {
        const expected = await coreIds(nowMs);
        expect(lua.slice(i * 5, i * 5 + 5), `at ${new Date(nowMs).toISOString()}`).toEqual(
          expected,
        );
        expect(periods.map((period) => budgetPeriodId(period, nowMs))).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBe(all.length);
  });

  it('formats ids as the core documents them', async () => {
    const at = Date.UTC(2026, 10, 21, 13, 5);
    const lua = await client.eval(PERIOD_IDS.source, 1, 'genops:{ledger}:', String(at));
    expect(lua).toEqual(['2026-11-21T13', '2026-11-21', '2026-W47', '2026-11', 'total']);
    const edge = await client.eval(
      PERIOD_IDS.source,
      1,
      'genops:{ledger}:',
      String(Date.UTC(2027, 0, 1)),
      String(Date.UTC(2020, 11, 31)),
    );
    expect(edge).toEqual([
      '2027-01-01T00',
      '2027-01-01',
      '2026-W53',
      '2027-01',
      'total',
      '2020-12-31T00',
      '2020-12-31',
      '2020-W53',
      '2020-12',
      'total',
    ]);
  });
});
