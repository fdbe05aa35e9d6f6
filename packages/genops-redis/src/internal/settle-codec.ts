import type { SettledBudget, SettleRequest, SettleResult } from '@genops/core';
import { fields, finiteIn, type ScriptReply, text, textIn } from './reserve-codec.js';

/** @internal A budget instance and amount recorded locally (fail-open), to write back. */
export interface FallbackEntry {
  readonly budget: string;
  readonly key: string;
  readonly periodId: string;
  readonly limit: number;
  readonly amount: number;
}

/** @internal Where a settle's actuals went: the AWU's hold, the fallback entries, or nowhere. */
export type SettleSource = 'hold' | 'fallback' | 'none';

/** @internal One AWU's arguments of the settle script; throws `GenOpsInputError` naming a malformed field. */
export function settleArgs(request: SettleRequest, fallback: readonly FallbackEntry[]): string[] {
  const corrections = request.rateCorrections ?? [];
  const args = [
    text(request.awuId, 'request.awuId'),
    String(request.actuals.length),
    String(corrections.length),
    String(fallback.length),
  ];
  request.actuals.forEach((actual, i) => {
    args.push(
      textIn(actual.key, 'request.actuals', i, 'key'),
      finiteIn(actual.amount, 'request.actuals', i, 'amount'),
    );
  });
  corrections.forEach((correction, i) => {
    const at = 'request.rateCorrections';
    args.push(
      textIn(correction.key, at, i, 'key'),
      finiteIn(correction.deltaCost, at, i, 'deltaCost'),
      finiteIn(correction.intervalMs, at, i, 'intervalMs'),
    );
  });
  for (const entry of fallback) {
    args.push(entry.budget, entry.key, entry.periodId, String(entry.limit), String(entry.amount));
  }
  return args;
}

/** @internal One AWU's reply (`'ok'`, …) of the settle script. */
export function parseSettle(reply: ScriptReply): SettleResult & { readonly source: SettleSource } {
  const values = fields(reply, 4);
  const budgets: SettledBudget[] = [];
  for (let at = 4; at + 7 <= values.length; at += 7) {
    budgets.push({
      budget: String(values[at]),
      key: String(values[at + 1]),
      periodId: String(values[at + 2]),
      allocated: Number(values[at + 3]),
      consumedBefore: Number(values[at + 4]),
      consumedAfter: Number(values[at + 5]),
      remaining: Number(values[at + 6]),
    });
  }
  return {
    applied: values[1] === '1',
    lateAfterExpiry: values[2] === '1',
    source: values[3] as SettleSource,
    budgets,
  };
}
