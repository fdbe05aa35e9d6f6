import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BudgetOptions } from './accounting/budget-options.js';
import { createGovernor } from './governor.js';

const attribution = { team: 'support', project: 'helpdesk-bot', environment: 'production' };

/**
 * Section 3.5: identical reservation inputs and identical governance state give identical outcomes.
 * Two governors are driven through the same random history (begin, settle, abandon); at every step
 * both must reach the same decision, and the same reserved/consumed positions.
 */
describe('deterministic decisions (property)', () => {
  const budget = fc.record({
    limit: fc.integer({ min: 0, max: 5_000 }),
    onExceed: fc.constantFrom<'block' | 'warn'>('block', 'warn'),
    perCustomer: fc.boolean(),
  });
  const step = fc.record({
    customer: fc.constantFrom('acme', 'globex', 'initech'),
    inputTokens: fc.integer({ min: 0, max: 800 }),
    maxOutputTokens: fc.integer({ min: 0, max: 800 }),
    outcome: fc.constantFrom<'settle' | 'abandon' | 'hold'>('settle', 'abandon', 'hold'),
    actual: fc.integer({ min: 0, max: 1_600 }),
  });

  it('the same request and state always give the same decision', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(budget, { minLength: 1, maxLength: 3 }),
        fc.array(step, { maxLength: 25 }),
        async (budgets, steps) => {
          const options: BudgetOptions[] = budgets.map((b, i) => ({
            name: `b${i}`,
            limit: b.limit,
            period: 'month',
            onExceed: b.onExceed,
            ...(b.perCustomer ? { scope: { customer_id: '*' } } : {}),
          }));
          const clock = { nowMs: () => Date.UTC(2026, 10, 21) };
          const [left, right] = [0, 1].map(() =>
            createGovernor({ attribution, budgets: options, clock, warmup: false }),
          );
          for (const s of steps) {
            const request = {
              operation: { name: 'chat', type: 'inference' },
              attribution: { customer_id: s.customer },
              inputTokens: s.inputTokens,
              maxOutputTokens: s.maxOutputTokens,
            };
            const a = await left!.begin(request);
            const b = await right!.begin(request);
            const { timestampMs: _ta, ...da } = a.decision;
            const { timestampMs: _tb, ...db } = b.decision;
            expect(da).toEqual(db);
            for (const awu of [a, b]) {
              if (!awu.decision.proceeds) continue;
              if (s.outcome === 'settle')
                await awu.settle({ usage: { inputTokens: s.inputTokens, outputTokens: s.actual } });
              else if (s.outcome === 'abandon') await awu.abandon();
            }
            for (const o of options) {
              const key = o.scope ? { customer_id: s.customer } : {};
              const [sa, sb] = await Promise.all([
                left!.snapshot(o.name, key),
                right!.snapshot(o.name, key),
              ]);
              expect(sa).toEqual(sb);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
