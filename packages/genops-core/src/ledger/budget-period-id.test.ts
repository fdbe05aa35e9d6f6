import { describe, expect, it } from 'vitest';
import { budgetPeriodId } from './budget-period-id.js';

describe('budgetPeriodId', () => {
  const at = Date.UTC(2026, 10, 21, 13, 45);
  it.each([
    ['hour', '2026-11-21T13'],
    ['day', '2026-11-21'],
    ['week', '2026-W47'],
    ['month', '2026-11'],
    ['total', 'total'],
  ] as const)('%s → %s', (period, expected) => {
    expect(budgetPeriodId(period, at)).toBe(expected);
  });

  it.each([
    [Date.UTC(2026, 0, 1), '2026-W01'], // Thursday
    [Date.UTC(2027, 0, 1), '2026-W53'], // Friday of 2026's week 53
    [Date.UTC(2024, 11, 30), '2025-W01'], // Monday
    [Date.UTC(2021, 0, 3), '2020-W53'], // Sunday
  ])('ISO week of %d is %s', (ms, expected) => {
    expect(budgetPeriodId('week', ms)).toBe(expected);
  });
});
