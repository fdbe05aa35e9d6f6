import type { BudgetPeriod } from './ledger.js';

const pad = (value: number) => (value < 10 ? `0${value}` : String(value));

const HOUR_MS = 3_600_000;
/** Every period boundary is an hour boundary: ids are computed once per period and UTC hour. */
const memo = new Map<BudgetPeriod, { hour: number; id: string }>();

/**
 * The UTC period id of `nowMs`, as ledgers key budget periods and telemetry reports them
 * (`genops.budget.period`): `2026-11-21T13` (hour), `2026-11-21` (day), `2026-W47` (ISO week),
 * `2026-11` (month) or `total`. Weeks are ISO 8601 weeks (Monday first; week 1 holds the year's
 * first Thursday).
 *
 * @example
 * ```ts
 * budgetPeriodId('week', Date.UTC(2027, 0, 1)); // '2026-W53'
 * ```
 */
export function budgetPeriodId(period: BudgetPeriod, nowMs: number): string {
  if (period === 'total') return 'total';
  const hour = Math.floor(nowMs / HOUR_MS);
  const cached = memo.get(period);
  if (cached !== undefined && cached.hour === hour) return cached.id;
  const id = computePeriodId(period, nowMs);
  memo.set(period, { hour, id });
  return id;
}

function computePeriodId(period: Exclude<BudgetPeriod, 'total'>, nowMs: number): string {
  const date = new Date(nowMs);
  const year = date.getUTCFullYear();
  const month = pad(date.getUTCMonth() + 1);
  switch (period) {
    case 'month':
      return `${year}-${month}`;
    case 'day':
      return `${year}-${month}-${pad(date.getUTCDate())}`;
    case 'hour':
      return `${year}-${month}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}`;
    case 'week': {
      // ISO 8601 week: the week with the year's first Thursday is week 1.
      const day = date.getUTCDay() || 7;
      const thursday = Date.UTC(year, date.getUTCMonth(), date.getUTCDate() + 4 - day);
      const isoYear = new Date(thursday).getUTCFullYear();
      const week = Math.ceil(((thursday - Date.UTC(isoYear, 0, 1)) / 86_400_000 + 1) / 7);
      return `${isoYear}-W${pad(week)}`;
    }
  }
}
