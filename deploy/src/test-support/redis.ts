import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../packages/genops-redis/src/internal/testing/redis-server.js';

/** A redis-server on a free loopback port for a test file, stopped by its PID afterwards. */
export function useRedisServer(): { readonly current: TestRedisServer } {
  let server: TestRedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get current() {
      if (server === undefined) throw new Error('redis-server runs only inside a test');
      return server;
    },
  };
}

/** The ledger wrote its state under `keyPrefix` in that Redis (so the budget really is shared). */
export async function expectLedgerKeys(url: string, keyPrefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    const keys = await client.keys(`${keyPrefix}*`);
    expect(keys.length, `keys under ${keyPrefix}`).toBeGreaterThan(0);
  } finally {
    client.disconnect();
  }
}
