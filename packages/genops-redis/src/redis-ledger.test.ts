import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import {
  createGovernor,
  GenOpsConfigError,
  GenOpsInputError,
  type GenOpsPolicyError,
} from '@genops/core';
import { createTestTelemetry, summarizeSpans } from '@genops/testing';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LEDGER_BASE,
  keyTypes as listKeyTypes,
  reserveRequest,
  scriptsOnlyClient,
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

describe('key layout', () => {
  it('keeps every key of a ledger under the prefix and one hash tag', async () => {
    const ledger = new RedisLedger({ client });
    await ledger.reserve(reserveRequest('a1'));
    await ledger.reserve(reserveRequest('a2'));
    await ledger.settle({ awuId: 'a1', actuals: [{ key: 'team', amount: 20 }] });
    expect(await keyTypes()).toMatchInlineSnapshot(`
      {
        "genops:{ledger}:awu:a1": "string",
        "genops:{ledger}:awu:a2": "string",
        "genops:{ledger}:budget:team:total": "hash",
        "genops:{ledger}:holds:team:total": "zset",
        "genops:{ledger}:period:team": "string",
        "genops:{ledger}:rate:rpm": "string",
      }
    `);
    expect(await client.hgetall(`${base}budget:team:total`)).toMatchInlineSnapshot(`
      {
        "allocated": "100",
        "budget": "team",
        "consumed": "20",
        "reserved": "30",
      }
    `);
    expect(await client.zrange(`${base}holds:team:total`, '0', '-1')).toEqual(['30:a2']);
    expect(await client.get(`${base}awu:a1`)).toBe('done');
    expect(JSON.parse((await client.get(`${base}awu:a2`)) ?? '')).toEqual({
      e: expect.stringMatching(/^\d+$/),
      h: [['team', 'team', 'total', '30']],
    });
  });

  it('expires what it no longer needs: settled ids, hold records, rate state, past periods', async () => {
    const ledger = new RedisLedger({ client, settledMemoryMs: 3_600_000 });
    await ledger.reserve({
      ...reserveRequest('t1'),
      budgets: [
        { budget: 'daily', key: 'daily', period: 'day', limit: 10, amount: 1, enforce: true },
        { budget: 'total', key: 'total', period: 'total', limit: 10, amount: 1, enforce: true },
      ],
    });
    const day = (await ledger.snapshot('daily'))!.periodId;
    const ttl = (key: string) => client.pttl(`${base}${key}`);
    expect(await ttl('budget:total:total')).toBe(-1);
    expect(await ttl('period:total')).toBe(-1);
    const kept = 86_400_000 + 3_600_000;
    for (const key of [`budget:daily:${day}`, `holds:daily:${day}`, 'period:daily']) {
      expect(await ttl(key)).toBeGreaterThan(kept);
      expect(await ttl(key)).toBeLessThanOrEqual(kept + 60_000);
    }
    expect(await ttl('awu:t1')).toBeGreaterThan(3_600_000);
    expect(await ttl('rate:rpm')).toBeGreaterThan(3_600_000);
    await ledger.settle({ awuId: 't1', actuals: [] });
    expect(await client.get(`${base}awu:t1`)).toBe('done');
    expect(await ttl('awu:t1')).toBeGreaterThan(3_500_000);
    expect(await ttl('awu:t1')).toBeLessThanOrEqual(3_600_000);
  });

  it("applies the client's own key prefix on top of its own", async () => {
    const prefixed = new Redis(fixture.server.port, '127.0.0.1', { keyPrefix: 'app:' });
    try {
      const ledger = new RedisLedger({ client: prefixed });
      await ledger.reserve(reserveRequest('cp1'));
      await ledger.settle({ awuId: 'cp1', actuals: [{ key: 'team', amount: 5 }] });
      expect(await ledger.snapshot('team')).toMatchObject({ consumed: 5, reserved: 0 });
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.startsWith('app:genops:{ledger}:')).toBe(true);
    } finally {
      prefixed.disconnect();
    }
  });

  it('uses the key prefix it is given', async () => {
    const ledger = new RedisLedger({ client, keyPrefix: 'app:{tenant-a}:' });
    await ledger.reserve(reserveRequest('p1'));
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith('app:{tenant-a}:{ledger}:')).toBe(true);
  });
});

describe('scripts', () => {
  it('loads its library after FUNCTION FLUSH (Function not found), then uses FCALL', async () => {
    const ledger = new RedisLedger({ client });
    await ledger.reserve(reserveRequest('f1'));
    await client.function('FLUSH');
    await client.config('RESETSTAT');
    await ledger.reserve(reserveRequest('f2'));
    await ledger.reserve(reserveRequest('f3'));
    const stats = await client.info('commandstats');
    // One "Function not found", one FUNCTION LOAD, the call again, then FCALL.
    expect(stats).toMatch(/cmdstat_function\|load:calls=1,/);
    expect(stats).toMatch(/cmdstat_fcall:calls=3,.*rejected_calls=0,failed_calls=1\r?\n/);
    expect(stats).not.toMatch(/cmdstat_eval/);
    expect((await ledger.snapshot('team'))?.reserved).toBe(90);
  });

  it('runs EVALSHA scripts where FUNCTION is refused (ACL), reloading them after SCRIPT FLUSH', async () => {
    const scriptsOnly = await scriptsOnlyClient(client, fixture.server.port);
    try {
      const ledger = new RedisLedger({ client: scriptsOnly });
      await ledger.reserve(reserveRequest('s1'));
      await client.script('FLUSH');
      await client.config('RESETSTAT');
      await ledger.reserve(reserveRequest('s2'));
      await ledger.reserve(reserveRequest('s3'));
      const stats = await client.info('commandstats');
      expect(stats).not.toMatch(/cmdstat_fcall/);
      expect(stats).toMatch(/cmdstat_eval:calls=1,/);
      // One NOSCRIPT (then EVAL, which caches the script), then EVALSHA again.
      expect(stats).toMatch(/cmdstat_evalsha:calls=2,.*rejected_calls=0,failed_calls=1\r?\n/);
      expect((await ledger.snapshot('team'))?.reserved).toBe(90);
    } finally {
      scriptsOnly.disconnect();
    }
  });

  it('sends the reservations of one tick in one call, each still all-or-nothing', async () => {
    const ledger = new RedisLedger({ client });
    await ledger.reserve(reserveRequest('warm', 0));
    await client.config('RESETSTAT');
    const results = await Promise.all(
      ['c1', 'c2', 'c3', 'c4'].map((id) => ledger.reserve(reserveRequest(id, 30))),
    );
    expect(results.map((result) => result.reserved)).toEqual([true, true, true, false]);
    expect(results.map((result) => result.budgets[0]?.reserved)).toEqual([30, 60, 90, 90]);
    expect(results[3]?.budgets[0]).toMatchObject({ remaining: 10, fits: false, exhausted: false });
    expect(await client.info('commandstats')).toMatch(/cmdstat_fcall:calls=1,/);
  });

  it('sends pending settles right behind the next reservations, and again a reservation they made it refuse', async () => {
    const ledger = new RedisLedger({ client });
    await ledger.reserve(reserveRequest('p1', 80));
    await client.config('RESETSTAT');
    const [settled, reserved] = await Promise.all([
      ledger.settle({ awuId: 'p1', actuals: [{ key: 'team', amount: 70 }] }),
      ledger.reserve(reserveRequest('p2', 30)),
    ]);
    expect(settled).toMatchObject({ applied: true, lateAfterExpiry: false });
    expect(settled.budgets).toEqual([
      {
        budget: 'team',
        key: 'team',
        periodId: 'total',
        allocated: 100,
        consumedBefore: 0,
        consumedAfter: 70,
        remaining: 30,
      },
    ]);
    expect(reserved.reserved).toBe(true);
    expect(reserved.budgets[0]).toMatchObject({ consumed: 70, reserved: 30, remaining: 0 });
    // The reservation (refused: p1 still held 80), the settle behind it, the reservation again.
    expect(await client.info('commandstats')).toMatch(/cmdstat_fcall:calls=3,/);
  });

  it('answers a reservation before the settles sent behind it (one round trip for the caller)', async () => {
    const ledger = new RedisLedger({ client });
    await ledger.reserve(reserveRequest('q1', 30));
    await client.config('RESETSTAT');
    const [settled, reserved] = await Promise.all([
      ledger.settle({ awuId: 'q1', actuals: [{ key: 'team', amount: 20 }] }),
      ledger.reserve(reserveRequest('q2', 30)),
    ]);
    expect(settled).toMatchObject({ applied: true, lateAfterExpiry: false });
    // Answered first: q1 still held its 30 (conservative), and nothing was sent again.
    expect(reserved).toMatchObject({ reserved: true });
    expect(reserved.budgets[0]).toMatchObject({ consumed: 0, reserved: 60, remaining: 40 });
    expect(await client.info('commandstats')).toMatch(/cmdstat_fcall:calls=2,/);
    expect(await ledger.snapshot('team')).toMatchObject({ consumed: 20, reserved: 30 });
  });

  it('takes pending settles along, applied first, when several reservations go at once', async () => {
    const ledger = new RedisLedger({ client });
    await ledger.reserve(reserveRequest('w1', 80));
    await client.config('RESETSTAT');
    const [settled, second, third] = await Promise.all([
      ledger.settle({ awuId: 'w1', actuals: [{ key: 'team', amount: 40 }] }),
      ledger.reserve(reserveRequest('w2', 30)),
      ledger.reserve(reserveRequest('w3', 30)),
    ]);
    expect(settled).toMatchObject({ applied: true });
    expect(second.budgets[0]).toMatchObject({ consumed: 40, reserved: 30, remaining: 30 });
    expect(third).toMatchObject({ reserved: true });
    expect(third.budgets[0]).toMatchObject({ consumed: 40, reserved: 60, remaining: 0 });
    expect(await client.info('commandstats')).toMatch(/cmdstat_fcall:calls=1,/);
  });

  it('replies exact numbers: integers past 2^53 and fractions', async () => {
    const ledger = new RedisLedger({ client });
    const big = 2 ** 53;
    const claim = {
      budget: 'big',
      key: 'big',
      period: 'total',
      limit: 2 ** 60,
      enforce: true,
    } as const;
    const first = await ledger.reserve({
      awuId: 'n1',
      leaseMs: 60_000,
      budgets: [{ ...claim, amount: big }],
      rates: [],
    });
    expect(first.budgets[0]).toMatchObject({
      consumed: 0,
      reserved: big,
      remaining: 2 ** 60 - big,
    });
    const settled = await ledger.settle({
      awuId: 'n1',
      actuals: [{ key: 'big', amount: big + 2 }],
    });
    expect(settled.budgets[0]).toMatchObject({
      allocated: 2 ** 60,
      consumedBefore: 0,
      consumedAfter: big + 2,
      remaining: 2 ** 60 - (big + 2),
    });
    const second = await ledger.reserve({
      awuId: 'n2',
      leaseMs: 60_000,
      budgets: [{ ...claim, amount: 0.1 }],
      rates: [],
    });
    expect(second.budgets[0]).toMatchObject({ consumed: big + 2, reserved: 0.1 });
    expect(
      (await ledger.settle({ awuId: 'n2', actuals: [{ key: 'big', amount: 0.2 }] })).budgets[0],
    ).toMatchObject({ consumedBefore: big + 2, consumedAfter: big + 2 + 0.2 });
  });

  it('keeps budget keys with quotes, backslashes, colons, newlines and non-ASCII text apart', async () => {
    const ledger = new RedisLedger({ client });
    const keys = ['team|customer_id=a"b', 'team|customer_id=a\\b:total', 'team|x=\n✓', 'team'];
    for (const [index, key] of keys.entries()) {
      await ledger.reserve(reserveRequest(`k${index}`, 10 + index, key));
    }
    for (const [index, key] of keys.entries()) {
      const settled = await ledger.settle({
        awuId: `k${index}`,
        actuals: [{ key, amount: index }],
      });
      expect(settled.budgets).toEqual([
        expect.objectContaining({ budget: key, key, consumedAfter: index, remaining: 100 - index }),
      ]);
      expect(await ledger.snapshot(key)).toMatchObject({ consumed: index, reserved: 0 });
    }
  });

  it('gives the same results over the RESP2 wire protocol (ioredis `protocol: 2`)', async () => {
    const resp2 = new Redis(fixture.server.port, '127.0.0.1', { protocol: 2 });
    try {
      const ledger = new RedisLedger({ client: resp2 });
      const reserved = await ledger.reserve(reserveRequest('r2', 0.1));
      expect(reserved.budgets[0]).toMatchObject({ reserved: 0.1, remaining: 99.9 });
      const settled = await ledger.settle({
        awuId: 'r2',
        actuals: [{ key: 'team', amount: 0.25 }],
      });
      expect(settled.budgets[0]).toMatchObject({ consumedAfter: 0.25, remaining: 99.75 });
    } finally {
      resp2.disconnect();
    }
  });

  it('keeps budget instances apart past the 1,000 its library remembers between calls', async () => {
    const ledger = new RedisLedger({ client });
    const keys = Array.from({ length: 1_100 }, (_, index) => `many-${index}`);
    for (let from = 0; from < keys.length; from += 100) {
      const group = keys.slice(from, from + 100);
      const results = await Promise.all(
        group.map((key) => ledger.reserve({ ...reserveRequest(`m-${key}`, 7, key), rates: [] })),
      );
      expect(results.every((result) => result.reserved)).toBe(true);
    }
    const settled = await Promise.all(
      keys.map((key) => ledger.settle({ awuId: `m-${key}`, actuals: [{ key, amount: 3 }] })),
    );
    expect(settled.every((result) => result.applied)).toBe(true);
    for (const key of [keys[0]!, keys[999]!, keys[1_099]!]) {
      expect(await ledger.snapshot(key)).toMatchObject({ consumed: 3, reserved: 0 });
    }
  });

  it('shares state and idempotency across ledger instances (processes)', async () => {
    const one = new RedisLedger({ client });
    const other = new RedisLedger({ client: new Redis(fixture.server.port, '127.0.0.1') });
    await one.reserve(reserveRequest('x1', 60));
    const refused = await other.reserve(reserveRequest('x2', 60));
    expect(refused.reserved).toBe(false);
    const settles = await Promise.all([
      one.settle({ awuId: 'x1', actuals: [{ key: 'team', amount: 50 }] }),
      other.settle({ awuId: 'x1', actuals: [{ key: 'team', amount: 50 }] }),
    ]);
    expect(settles.map((settle) => settle.applied).sort()).toEqual([false, true]);
    expect(await other.snapshot('team')).toMatchObject({ consumed: 50, reserved: 0 });
  });
});

describe('through a governor', () => {
  function governorWith(ledger: RedisLedger, limit = 1_000) {
    const errors: unknown[] = [];
    const governor = createGovernor({
      attribution: { team: 'support', project: 'helpdesk', environment: 'test' },
      budgets: [{ name: 'support-total', limit, period: 'total', alertAt: [0.5] }],
      ledger,
      warmup: false,
      onError: (error) => errors.push(error),
    });
    return { governor, errors };
  }
  const request = { operation: { name: 'chat', type: 'inference' }, inputTokens: 100 } as const;

  it('reserves, reconciles and alerts with exact numbers, and emits compliant telemetry', async () => {
    const ledger = new RedisLedger({ client });
    const { governor, errors } = governorWith(ledger);
    const answer = await governor.execute({ ...request, maxOutputTokens: 300 }, async () => ({
      value: 'hello',
      usage: { inputTokens: 100, outputTokens: 250 },
    }));
    expect(answer).toBe('hello');
    // Settles are sent after the caller's next reservation; flush to keep this trace sequential.
    await governor.flush();
    await governor.execute({ ...request, maxOutputTokens: 300 }, async () => ({
      value: 'again',
      usage: { inputTokens: 100, outputTokens: 200 },
    }));
    await governor.flush();
    expect(errors).toEqual([]);
    expect(await governor.snapshot('support-total')).toEqual({
      budget: 'support-total',
      key: 'support-total',
      periodId: 'total',
      allocated: 1_000,
      consumed: 650,
      reserved: 0,
      remaining: 350,
    });
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "genops.accounting.actual": 350,
            "genops.accounting.reserved": 400,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "support-total",
            "genops.environment": "test",
            "genops.operation.name": "chat",
            "genops.operation.type": "inference",
            "genops.policy.result": "ALLOWED",
            "genops.project": "helpdesk",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genops.tokens.input": 100,
            "genops.tokens.output": 250,
            "genopsjs.awu.outcome": "succeeded",
          },
          "events": [
            {
              "attributes": {
                "genops.policy.name": "support-total",
                "genops.policy.result": "ALLOWED",
              },
              "name": "genops.policy.evaluated",
            },
            {
              "attributes": {
                "genops.accounting.reserved": 400,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-total",
                "genops.budget.period": "total",
                "genops.budget.remaining": 600,
              },
              "name": "genops.budget.reservation",
            },
            {
              "attributes": {
                "genops.accounting.actual": 350,
                "genops.accounting.reconciliation_delta": -50,
                "genops.accounting.reserved": 400,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-total",
              },
              "name": "genops.budget.reconciliation",
            },
          ],
          "name": "chat",
          "parent": null,
          "status": 0,
        },
        {
          "attributes": {
            "genops.accounting.actual": 300,
            "genops.accounting.reserved": 400,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "support-total",
            "genops.environment": "test",
            "genops.operation.name": "chat",
            "genops.operation.type": "inference",
            "genops.policy.result": "ALLOWED",
            "genops.project": "helpdesk",
            "genops.spec.version": "0.1.0",
            "genops.team": "support",
            "genops.tokens.input": 100,
            "genops.tokens.output": 200,
            "genopsjs.awu.outcome": "succeeded",
          },
          "events": [
            {
              "attributes": {
                "genops.policy.name": "support-total",
                "genops.policy.result": "ALLOWED",
              },
              "name": "genops.policy.evaluated",
            },
            {
              "attributes": {
                "genops.accounting.reserved": 400,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-total",
                "genops.budget.period": "total",
                "genops.budget.remaining": 250,
              },
              "name": "genops.budget.reservation",
            },
            {
              "attributes": {
                "genops.accounting.actual": 300,
                "genops.accounting.reconciliation_delta": -100,
                "genops.accounting.reserved": 400,
                "genops.accounting.unit": "tokens",
                "genops.budget.name": "support-total",
              },
              "name": "genops.budget.reconciliation",
            },
            {
              "attributes": {
                "genops.budget.allocated": 1000,
                "genops.budget.consumed": 650,
                "genops.budget.name": "support-total",
                "genops.budget.period": "total",
                "genops.budget.remaining": 350,
                "genopsjs.budget.alert_threshold": 0.5,
              },
              "name": "genops.budget.alert",
            },
          ],
          "name": "chat",
          "parent": null,
          "status": 0,
        },
      ]
    `);
  });

  it('blocks what the shared budget cannot hold (BUDGET_RESERVATION_FAILED)', async () => {
    const { governor } = governorWith(new RedisLedger({ client }), 300);
    const refusal = await governor
      .execute({ ...request, maxOutputTokens: 300 }, async () => ({ value: 'never' }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((refusal as GenOpsPolicyError).reasonCode).toBe('BUDGET_RESERVATION_FAILED');
    expect((refusal as GenOpsPolicyError).message).toBe(
      'GenOps BLOCKED by policy "support-total" (BUDGET_RESERVATION_FAILED): budget support-total (total) has 300 tokens left, 400 needed',
    );
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    expect(summarizeSpans(spans)[0]?.events).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "genops.budget.name": "support-total",
            "genops.policy.name": "support-total",
            "genops.policy.reason": "budget support-total (total) has 300 tokens left, 400 needed",
            "genops.policy.reason_code": "BUDGET_RESERVATION_FAILED",
            "genops.policy.result": "BLOCKED",
          },
          "name": "genops.policy.evaluated",
        },
      ]
    `);
  });
});

describe('configuration and input', () => {
  it('rejects bad options with GenOpsConfigError naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'client'],
      [{ client: {} }, 'client'],
      [{ client, keyPrefix: 3 }, 'keyPrefix'],
      [{ client, commandTimeoutMs: 0 }, 'commandTimeoutMs'],
      [{ client, settledMemoryMs: Number.NaN }, 'settledMemoryMs'],
      [{ client, writeBackIntervalMs: -1 }, 'writeBackIntervalMs'],
      [{ client, onUnavailable: 'maybe' }, 'onUnavailable'],
      [{ client, onError: 'log' }, 'onError'],
    ];
    for (const [options, field] of cases) {
      let error: unknown;
      try {
        new RedisLedger(options as never);
      } catch (failure) {
        error = failure;
      }
      expect(GenOpsConfigError.isInstance(error), field).toBe(true);
      expect((error as GenOpsConfigError).field).toBe(field);
    }
  });

  it.each([
    ['Vercel Edge Runtime', { EdgeRuntime: 'edge-runtime' }],
    ['Cloudflare Workers (no process)', { process: undefined }],
  ])('refuses at construction in a runtime without TCP: %s', (_, host) => {
    const saved = Object.fromEntries(
      Object.keys(host).map((key) => [key, Reflect.get(globalThis, key)]),
    );
    Object.assign(globalThis, host);
    let error: unknown;
    try {
      new RedisLedger({ client });
    } catch (failure) {
      error = failure;
    } finally {
      Object.assign(globalThis, saved);
    }
    expect(GenOpsConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'client' });
    expect(String(error)).toContain('a runtime with TCP sockets for ioredis (Node, Bun, Deno)');
  });

  it('rejects a malformed request with GenOpsInputError naming the field, before Redis', async () => {
    const ledger = new RedisLedger({ client });
    const bad = reserveRequest('i1');
    const error = await ledger
      .reserve({ ...bad, budgets: [{ ...bad.budgets[0]!, amount: Number.NaN }] })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(GenOpsInputError.isInstance(error)).toBe(true);
    expect((error as GenOpsInputError).field).toBe('request.budgets[0].amount');
    expect(await client.dbsize()).toBe(0);
  });
});
