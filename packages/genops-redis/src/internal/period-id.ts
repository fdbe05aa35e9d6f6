import type { BudgetPeriod } from '@genops/core';

const pad = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * @internal The UTC period id of `nowMs` (the core's `periodId`, for reservations made locally in
 * fail-open mode): `2026-11-21T13`, `2026-11-21`, `2026-W47` (ISO week), `2026-11` or `total`.
 */
export function periodId(period: BudgetPeriod, nowMs: number): string {
  if (period === 'total') return 'total';
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
      const day = date.getUTCDay() || 7;
      const thursday = Date.UTC(year, date.getUTCMonth(), date.getUTCDate() + 4 - day);
      const isoYear = new Date(thursday).getUTCFullYear();
      const week = Math.ceil(((thursday - Date.UTC(isoYear, 0, 1)) / 86_400_000 + 1) / 7);
      return `${isoYear}-W${pad(week)}`;
    }
  }
}
