import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import {
  createGovernor,
  GenOpsPolicyError,
  type GovernorErrorInfo,
  type ReserveRequest,
} from '@genops/core';
import { createTestTelemetry, summarizeSpans } from '@genops/testing';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { GenOpsLedgerStateError } from './errors/genops-ledger-state-error.js';
import {
  DEFAULT_LEDGER_BASE,
  keyTypes as listKeyTypes,
  reserveRequest,
  useRedisFixture,
} from './internal/testing/redis-fixture.js';
import { RedisLedger } from './redis-ledger.js';

const telemetry = createTestTelemetry();
const fixture = useRedisFixture(telemetry);
let client: Redis;
beforeAll(() => {
  client = fixture.client;
});

const base = DEFAULT_LEDGER_BASE;
const keyTypes = () => listKeyTypes(client);

describe('malformed state', () => {
  const ledger = () => new RedisLedger({ client });

  async function rejection(work: Promise<unknown>): Promise<GenOpsLedgerStateError> {
    const error = await work.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(GenOpsLedgerStateError.isInstance(error)).toBe(true);
    return error as GenOpsLedgerStateError;
  }

  it('names a key of the wrong type', async () => {
    await client.set(`${base}budget:team:total`, 'oops');
    const error = await rejection(ledger().reserve(reserveRequest('m1')));
    expect(error.key).toBe(`${base}budget:team:total`);
    expect(error.message).toBe(
      'Redis ledger state is malformed: genops:{ledger}:budget:team:total is a string, expected a hash',
    );
  });

  it('names a field that is not a finite number, and writes nothing', async () => {
    const good = ledger();
    await good.reserve(reserveRequest('m2', 10, 'other'));
    await good.reserve(reserveRequest('m3', 10));
    await client.hset(`${base}budget:team:total`, 'consumed', 'twelve');
    const before = await keyTypes();
    const rateBefore = await client.get(`${base}rate:rpm`);
    const request: ReserveRequest = {
      ...reserveRequest('m4'),
      budgets: [...reserveRequest('m4', 10, 'other').budgets, ...reserveRequest('m4').budgets],
    };
    const error = await rejection(good.reserve(request));
    expect(error.message).toBe(
      'Redis ledger state is malformed: genops:{ledger}:budget:team:total field consumed holds "twelve", expected a finite number',
    );
    expect(await keyTypes()).toEqual(before);
    expect(await client.get(`${base}rate:rpm`)).toBe(rateBefore);
    expect((await good.snapshot('other'))?.reserved).toBe(10);
  });

  it('refuses NaN and infinities stored as numbers', async () => {
    await ledger().reserve(reserveRequest('m5'));
    await client.hset(`${base}budget:team:total`, 'reserved', 'nan');
    expect((await rejection(ledger().reserve(reserveRequest('m6')))).detail).toBe(
      'field reserved holds "nan", expected a finite number',
    );
    await client.hset(`${base}budget:team:total`, 'reserved', 'inf');
    expect((await rejection(ledger().snapshot('team'))).detail).toBe(
      'field reserved holds "inf", expected a finite number',
    );
  });

  it('names rate state, hold lists, hold records and period pointers', async () => {
    await client.hset(`${base}rate:rpm`, 'tat', '1');
    expect((await rejection(ledger().reserve(reserveRequest('m7')))).message).toContain(
      `${base}rate:rpm is a hash, expected a string`,
    );
    await client.del(`${base}rate:rpm`);
    await client.set(`${base}rate:rpm`, 'soon');
    expect((await rejection(ledger().reserve(reserveRequest('m7')))).detail).toBe(
      'value holds "soon", expected a finite number',
    );
    await client.del(`${base}rate:rpm`);

    await ledger().reserve(reserveRequest('m8'));
    const record = (await client.get(`${base}awu:m8`)) ?? '';
    await client.set(`${base}awu:m8`, '{"e":"1","h":[["team"]]}');
    const settle = await rejection(ledger().settle({ awuId: 'm8', actuals: [] }));
    expect(settle.message).toBe(
      `Redis ledger state is malformed: ${base}awu:m8 holds a record whose entry 1 is malformed`,
    );
    await client.set(`${base}awu:m8`, 'not json');
    expect((await rejection(ledger().settle({ awuId: 'm8', actuals: [] }))).detail).toBe(
      'holds "not json", expected a hold record',
    );
    await client.del(`${base}awu:m8`);
    await client.hset(`${base}awu:m8`, 'e', '1');
    expect((await rejection(ledger().settle({ awuId: 'm8', actuals: [] }))).detail).toBe(
      'is a hash, expected a string',
    );
    await client.del(`${base}awu:m8`);
    await client.set(`${base}awu:m8`, record);
    expect((await ledger().settle({ awuId: 'm8', actuals: [] })).applied).toBe(true);

    await client.del(`${base}holds:team:total`);
    await client.sadd(`${base}holds:team:total`, 'x');
    expect((await rejection(ledger().reserve(reserveRequest('m9')))).detail).toBe(
      'is a set, expected a sorted set',
    );
    await client.del(`${base}holds:team:total`);

    await client.del(`${base}period:team`);
    await client.lpush(`${base}period:team`, 'total');
    expect((await rejection(ledger().snapshot('team'))).key).toBe(`${base}period:team`);
  });

  it('names an incomplete budget instance and a hold list entry it cannot read', async () => {
    await client.hset(`${base}budget:team:total`, 'consumed', '1');
    expect((await rejection(ledger().reserve(reserveRequest('m10')))).detail).toBe(
      'lacks field budget',
    );
    await client.flushall();
    await ledger().reserve(reserveRequest('m11'));
    await client.zadd(`${base}holds:team:total`, 1, 'no-amount');
    const error = await rejection(ledger().reserve(reserveRequest('m12')));
    expect(error.key).toBe(`${base}holds:team:total`);
    expect(error.detail).toBe('has member "no-amount", expected <amount>:<awu id>');
  });

  it('fails only the AWU whose state is malformed when reservations share a batch', async () => {
    await client.set(`${base}budget:broken:total`, 'oops');
    const shared = ledger();
    const [good, bad] = await Promise.allSettled([
      shared.reserve(reserveRequest('b1')),
      shared.reserve(reserveRequest('b2', 30, 'broken')),
    ]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { reserved: true } });
    expect(bad.status).toBe('rejected');
    expect(GenOpsLedgerStateError.isInstance((bad as PromiseRejectedResult).reason)).toBe(true);
    expect((await shared.snapshot('team'))?.reserved).toBe(30);
  });

  it('blocks through the governor (x_ledger_unavailable) and reports the key', async () => {
    await client.set(`${base}budget:support-monthly:total`, 'oops');
    const errors: [unknown, GovernorErrorInfo][] = [];
    const governor = createGovernor({
      attribution: { team: 'support', project: 'helpdesk', environment: 'test' },
      budgets: [{ name: 'support-monthly', limit: 10_000, period: 'total' }],
      ledger: ledger(),
      warmup: false,
      onError: (error, info) => errors.push([error, info]),
    });
    const call = governor.execute(
      { operation: { name: 'chat', type: 'inference' }, inputTokens: 100, maxOutputTokens: 50 },
      async () => ({ value: 'never' }),
    );
    const refusal = await call.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(GenOpsPolicyError.isInstance(refusal)).toBe(true);
    expect((refusal as GenOpsPolicyError).reasonCode).toBe('x_ledger_unavailable');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toEqual({ phase: 'reserve', awuId: expect.any(String) });
    expect((errors[0]![0] as GenOpsLedgerStateError).key).toBe(
      `${base}budget:support-monthly:total`,
    );
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "genops.environment": "test",
            "genops.operation.name": "chat",
            "genops.operation.type": "inference",
            "genops.policy.name": "ledger",
            "genops.policy.reason": "the ledger could not reserve; failing closed",
            "genops.policy.reason_code": "x_ledger_unavailable",
            "genops.policy.result": "BLOCKED",
            "genops.project": "helpdesk",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genopsjs.awu.outcome": "refused",
          },
          "events": [
            {
              "attributes": {
                "genops.policy.name": "ledger",
                "genops.policy.reason": "the ledger could not reserve; failing closed",
                "genops.policy.reason_code": "x_ledger_unavailable",
                "genops.policy.result": "BLOCKED",
              },
              "name": "genops.policy.evaluated",
            },
          ],
          "name": "chat",
          "parent": null,
          "status": 0,
        },
      ]
    `);
  });
});
