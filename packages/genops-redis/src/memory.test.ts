import { createGovernor } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRedisFixture } from './internal/testing/redis-fixture.js';
import { RedisLedger } from './redis-ledger.js';

const telemetry = createTestTelemetry();
const fixture = useRedisFixture(telemetry);
let client: Redis;
beforeAll(() => {
  client = fixture.client;
});

async function usedMemory(): Promise<number> {
  const info = (await client.info('memory')) as string;
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

describe('Redis memory', () => {
  it('does not grow with the number of governed calls on hot budgets (100,000 calls)', async () => {
    const ledger = new RedisLedger({ client });
    const governor = createGovernor({
      attribution: { team: 'support', project: 'helpdesk', environment: 'test' },
      budgets: [
        { name: 'support-monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' },
        { name: 'support-total', limit: Number.MAX_SAFE_INTEGER, period: 'total' },
      ],
      ledger,
      warmup: false,
      onError: (error) => {
        throw error;
      },
    });
    const call = () =>
      governor.execute(
        { operation: { name: 'chat', type: 'inference' }, inputTokens: 100, maxOutputTokens: 50 },
        async () => ({ value: 'ok', usage: { inputTokens: 100, outputTokens: 30 } }),
      );
    // The first calls of each instance reserve per call (cold), then it leases a slice.
    for (let i = 0; i < 100; i++) await call();
    await governor.flush();
    const keysBefore = await client.dbsize();
    const memoryBefore = await usedMemory();

    const total = 100_000;
    let done = 100;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (done < total) {
          done++;
          await call();
        }
      }),
    );
    await governor.flush();

    // Hot instances reserve on slices: no per-call record (a call that had to wait for a slow
    // refill may still reserve per call, leaving one).
    expect(await client.dbsize()).toBeLessThanOrEqual(keysBefore + 20);
    // Allocator noise only: no per-call state is left behind (a per-call record is over 100 B,
    // so 100,000 of them would be over 10 MB).
    expect(await usedMemory()).toBeLessThan(memoryBefore + 256 * 1024);
    const snapshot = await ledger.snapshot('support-total');
    expect(snapshot).toMatchObject({ consumed: total * 130, reserved: 0 });
  }, 120_000);
});
