import {
  type BudgetPosition,
  GenOpsInputError,
  type RateOutcome,
  type ReserveRequest,
  type ReserveResult,
} from '@genops/core';

const periods: ReadonlySet<string> = new Set(['hour', 'day', 'week', 'month', 'total']);

/** @internal Checks that a request value is a finite number (Lua would read NaN as a number). */
export function finite(value: unknown, field: string, min = -Infinity): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new GenOpsInputError({
      field,
      expected: min === -Infinity ? 'a finite number' : `a finite number >= ${min}`,
      received: value,
    });
  }
  return String(value);
}

/** @internal Checks that a request value is a non-empty string. */
export function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new GenOpsInputError({ field, expected: 'a non-empty string', received: value });
  }
  return value;
}

/** @internal One AWU's arguments of the reserve script; throws `GenOpsInputError` naming a malformed field. */
export function reserveArgs(request: ReserveRequest): string[] {
  const { budgets, rates } = request;
  const args = [
    text(request.awuId, 'request.awuId'),
    finite(request.leaseMs, 'request.leaseMs', 1),
    String(budgets.length),
    String(rates.length),
  ];
  budgets.forEach((claim, i) => {
    const at = `request.budgets[${i}]`;
    if (!periods.has(claim.period)) {
      throw new GenOpsInputError({
        field: `${at}.period`,
        expected: "one of 'hour', 'day', 'week', 'month', 'total'",
        received: claim.period,
      });
    }
    args.push(
      text(claim.budget, `${at}.budget`),
      text(claim.key, `${at}.key`),
      claim.period,
      finite(claim.limit, `${at}.limit`),
      finite(claim.amount, `${at}.amount`),
      claim.enforce ? '1' : '0',
    );
  });
  rates.forEach((claim, i) => {
    const at = `request.rates[${i}]`;
    args.push(
      text(claim.key, `${at}.key`),
      finite(claim.intervalMs, `${at}.intervalMs`),
      finite(claim.burst, `${at}.burst`),
      finite(claim.cost, `${at}.cost`),
      claim.enforce ? '1' : '0',
    );
  });
  return args;
}

/**
 * @internal One AWU's reply (`'ok'`, reserved, now, per budget: period id, consumed and reserved
 * before this AWU; per rate: allowed, retry after) as a `ReserveResult`. The positions are derived
 * with the in-memory ledger's arithmetic, so the numbers are the same doubles.
 */
export function parseReserve(request: ReserveRequest, reply: readonly string[]): ReserveResult {
  const values = strings(reply, 3 + request.budgets.length * 3 + request.rates.length * 2);
  const reserved = values[1] === '1';
  let at = 3;
  const budgets: BudgetPosition[] = request.budgets.map((claim) => {
    const consumed = Number(values[at + 1]);
    const before = Number(values[at + 2]);
    const available = claim.limit - consumed - before;
    const after = reserved ? before + claim.amount : before;
    const position: BudgetPosition = {
      budget: claim.budget,
      key: claim.key,
      periodId: values[at]!,
      allocated: claim.limit,
      consumed,
      reserved: after,
      remaining: reserved ? claim.limit - consumed - after : available,
      exhausted: available <= 0,
      fits: claim.amount <= available,
    };
    at += 3;
    return position;
  });
  const rates: RateOutcome[] = request.rates.map((claim) => {
    const outcome: RateOutcome = {
      policy: claim.policy,
      key: claim.key,
      allowed: values[at] === '1',
      retryAfterMs: Number(values[at + 1]),
    };
    at += 2;
    return outcome;
  });
  return { reserved, nowMs: Number(values[2]), budgets, rates };
}

/** @internal A script reply that must be an array of (at least `length`) strings. */
export function strings(reply: unknown, length: number): string[] {
  if (
    !Array.isArray(reply) ||
    reply.length < length ||
    reply.some((value) => typeof value !== 'string')
  ) {
    throw new TypeError(`unexpected reply from a ledger script: ${JSON.stringify(reply)}`);
  }
  return reply as string[];
}
