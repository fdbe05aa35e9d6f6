import { describe, expect, it } from 'vitest';
import { createGovernor } from './governor.js';
import { InMemoryLedger } from './ledger/in-memory-ledger.js';
import type { Ledger } from './ledger/ledger.js';

const attribution = { team: 'support', project: 'helpdesk-bot', environment: 'production' };

describe('1,000 concurrent AWUs against one budget', () => {
  it('never reserve beyond the limit; once all settle, reserved is zero and consumed is the sum of actuals', async () => {
    const inner = new InMemoryLedger();
    let maxOutstanding = 0;
    // Observe the ledger's position after every reservation, as a monitor would.
    const ledger: Ledger = {
      reserve: async (request) => {
        const result = await inner.reserve(request);
        for (const position of result.budgets) {
          if (result.reserved)
            maxOutstanding = Math.max(maxOutstanding, position.consumed + position.reserved);
        }
        return result;
      },
      settle: (request) => inner.settle(request),
      release: (id) => inner.release(id),
      renew: (id, ms) => inner.renew(id, ms),
      snapshot: (budget, key) => inner.snapshot(budget, key),
    };
    const limit = 25_000;
    const governor = createGovernor({
      attribution,
      ledger,
      budgets: [{ name: 'shared', limit, period: 'month' }],
      warmup: false,
    });
    let actualSum = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: 1_000 }, async (_, i) => {
        const awu = await governor.begin({
          operation: { name: 'chat', type: 'inference' },
          inputTokens: 50,
          maxOutputTokens: 50 + (i % 50),
        });
        if (!awu.decision.proceeds) {
          refused++;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, i % 7));
        const usage = { inputTokens: 50, outputTokens: i % 60 };
        actualSum += 50 + (i % 60);
        await awu.settle({ usage });
      }),
    );
    await governor.flush();
    expect(maxOutstanding).toBeLessThanOrEqual(limit);
    expect(refused).toBeGreaterThan(0);
    const snapshot = await governor.snapshot('shared');
    expect(snapshot).toMatchObject({ reserved: 0, consumed: actualSum });
  });
});
