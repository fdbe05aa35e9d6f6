import { describe, expect, it, vi } from 'vitest';
import type { AwuRun } from '../accounting/awu-run.js';
import { RunLimit } from '../accounting/run-limit.js';
import type { ReserveResult } from '../ledger/ledger.js';
import { PreExecution } from './pre-execution.js';

const estimate = { inputTokens: 8, outputTokens: 100, amount: 108, unit: 'tokens' };

/** A run (what `reserveRunLimits` reads of an AWU). */
function run(name: string, limit: number, parent?: AwuRun): AwuRun {
  return {
    runLimit: new RunLimit(limit),
    parentRun: parent,
    operation: { name },
    addChildActual: () => {},
  };
}

const fits = (reserved: boolean): ReserveResult => ({
  reserved,
  nowMs: 0,
  rates: [],
  budgets: [
    {
      budget: 'b',
      key: 'b',
      periodId: 'total',
      allocated: 1_000,
      consumed: 0,
      reserved: reserved ? 108 : 0,
      remaining: reserved ? 892 : 1_000,
      exhausted: false,
      fits: true,
    },
  ],
});

describe('PreExecution', () => {
  it('is refused by a BLOCKED or RATE_LIMITED decision only', () => {
    const phase = new PreExecution(estimate);
    phase.decide({ result: 'ALLOWED', policyName: 'a' });
    phase.decide({ result: 'WARNING', reasonCode: 'x_note', policyName: 'w' });
    expect(phase.refused).toBe(false);
    phase.decide({
      result: 'RATE_LIMITED',
      reasonCode: 'RATE_LIMITED',
      retryAfterMs: 5,
      policyName: 'r',
    });
    expect(phase.refused).toBe(true);
    expect(phase.evaluations?.map((d) => d.policyName)).toEqual(['a', 'w', 'r']);
  });

  it('refuses, naming the ledger, when the ledger reserved nothing yet refused no claim', () => {
    const phase = new PreExecution(estimate);
    phase.readReservation(fits(false), []);
    expect(phase.refused).toBe(true);
    expect(phase.evaluations?.at(-1)).toMatchObject({
      result: 'BLOCKED',
      reasonCode: 'BUDGET_RESERVATION_FAILED',
      policyName: 'ledger',
    });
    expect(phase.held).toEqual([]);
  });

  it('releases the run limits nearer runs reserved when a further one refuses, once', () => {
    const agent = run('agent outer', 100);
    const chain = run('chain inner', 1_000, agent);
    const phase = new PreExecution(estimate);
    phase.reserveRunLimits(chain);
    expect(phase.refused).toBe(true);
    expect(chain.runLimit?.reserved).toBe(108);
    const releaseHolds = vi.fn();
    phase.release(releaseHolds);
    phase.release(releaseHolds);
    expect(chain.runLimit?.reserved).toBe(0);
    expect(agent.runLimit?.reserved).toBe(0);
    expect(phase.ancestorLimits).toEqual([]);
    expect(releaseHolds).not.toHaveBeenCalled();
  });

  it('gives back, once, what a ledger reserved for an AWU that is refused', () => {
    const phase = new PreExecution(estimate);
    phase.readReservation(fits(true), []);
    expect(phase.held).toHaveLength(1);
    phase.decide({ result: 'BLOCKED', reasonCode: 'x_late_refusal', policyName: 'p' });
    const releaseHolds = vi.fn();
    phase.release(releaseHolds);
    phase.release(releaseHolds);
    expect(releaseHolds).toHaveBeenCalledOnce();
    expect(phase.held).toEqual([]);
  });
});
