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
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return String(value);
  throw notFinite(value, field, min);
}

/** @internal {@link finite} for the field `<list>[<index>].<name>`, named only when malformed. */
export function finiteIn(value: unknown, list: string, index: number, name: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw notFinite(value, `${list}[${index}].${name}`, -Infinity);
}

function notFinite(value: unknown, field: string, min: number): GenOpsInputError {
  return new GenOpsInputError({
    field,
    expected: min === -Infinity ? 'a finite number' : `a finite number >= ${min}`,
    received: value,
  });
}

/** @internal Checks that a request value is a non-empty string. */
export function text(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw notText(value, field);
}

/** @internal {@link text} for the field `<list>[<index>].<name>`, named only when malformed. */
export function textIn(value: unknown, list: string, index: number, name: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw notText(value, `${list}[${index}].${name}`);
}

function notText(value: unknown, field: string): GenOpsInputError {
  return new GenOpsInputError({ field, expected: 'a non-empty string', received: value });
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
    const at = 'request.budgets';
    if (!periods.has(claim.period)) {
      throw new GenOpsInputError({
        field: `${at}[${i}].period`,
        expected: "one of 'hour', 'day', 'week', 'month', 'total'",
        received: claim.period,
      });
    }
    args.push(
      textIn(claim.budget, at, i, 'budget'),
      textIn(claim.key, at, i, 'key'),
      claim.period,
      finiteIn(claim.limit, at, i, 'limit'),
      finiteIn(claim.amount, at, i, 'amount'),
      claim.enforce ? '1' : '0',
    );
  });
  rates.forEach((claim, i) => {
    const at = 'request.rates';
    args.push(
      textIn(claim.key, at, i, 'key'),
      finiteIn(claim.intervalMs, at, i, 'intervalMs'),
      finiteIn(claim.burst, at, i, 'burst'),
      finiteIn(claim.cost, at, i, 'cost'),
      claim.enforce ? '1' : '0',
    );
  });
  return args;
}

/**
 * @internal One AWU's reply (`'ok'`, reserved, now, per budget: period id, consumed and reserved
 * before this AWU; per rate: allowed, retry after; numbers as integers or exact decimals) as a
 * `ReserveResult`. The positions are derived with the in-memory ledger's arithmetic, so the numbers
 * are the same doubles.
 */
export function parseReserve(request: ReserveRequest, reply: ScriptReply): ReserveResult {
  const values = fields(reply, 3 + request.budgets.length * 3 + request.rates.length * 2);
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
      periodId: String(values[at]),
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

/** @internal One AWU's reply of a batch script: strings, and numbers Redis sent as integers. */
export type ScriptReply = readonly (string | number)[];

/** @internal A batch script's reply for one AWU that must hold (at least `length`) strings or numbers. */
export function fields(reply: ScriptReply, length: number): ScriptReply {
  if (reply.length < length) {
    throw new TypeError(`unexpected reply from a ledger script: ${JSON.stringify(reply)}`);
  }
  return reply;
}
