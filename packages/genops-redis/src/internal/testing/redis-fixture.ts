import type { ReserveRequest } from '@genops/core';
import type { TestTelemetry } from '@genops/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startRedisServer, type TestRedisServer } from './redis-server.js';

/** The key base of a `RedisLedger` with the default prefix. */
export const DEFAULT_LEDGER_BASE = 'genops:{ledger}:';

/** What {@link useRedisFixture} provides once `beforeAll` ran. */
export interface RedisFixture {
  readonly server: TestRedisServer;
  readonly client: Redis;
}

/**
 * @internal Test support: a `redis-server` of its own for the test file (started in `beforeAll`,
 * stopped in `afterAll`), emptied and the telemetry reset before each test.
 */
export function useRedisFixture(telemetry: TestTelemetry): RedisFixture {
  let server: TestRedisServer | undefined;
  let client: Redis | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis(server.port, '127.0.0.1');
  });
  beforeEach(async () => {
    await client?.flushall();
    telemetry.reset();
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
    await telemetry.shutdown();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('the Redis fixture is used before beforeAll');
      return server;
    },
    get client() {
      if (client === undefined) throw new Error('the Redis fixture is used before beforeAll');
      return client;
    },
  };
}

/** @internal A reservation of `amount` on a `total` budget of 100, plus one request-rate claim. */
export function reserveRequest(awuId: string, amount = 30, key = 'team'): ReserveRequest {
  return {
    awuId,
    leaseMs: 60_000,
    budgets: [{ budget: key, key, period: 'total', limit: 100, amount, enforce: true }],
    rates: [{ policy: 'rpm', key: 'rpm', intervalMs: 1_000, burst: 10, cost: 1, enforce: true }],
  };
}

/** @internal Every key in the database with its type, sorted. */
export async function keyTypes(client: Redis): Promise<Record<string, string>> {
  const keys = (await client.keys('*')).sort();
  const types: Record<string, string> = {};
  for (const key of keys) types[key] = await client.type(key);
  return types;
}

/**
 * @internal A client of a user whom the server's ACL refuses FUNCTION and FCALL (as Redis before 7
 * would): a ledger on it runs its operations as EVALSHA scripts.
 */
export async function scriptsOnlyClient(admin: Redis, port: number): Promise<Redis> {
  await admin.acl(
    'SETUSER',
    'genops-scripts',
    'on',
    '>scripts',
    '~*',
    '&*',
    '+@all',
    '-function',
    '-fcall',
    '-fcall_ro',
  );
  return new Redis(port, '127.0.0.1', { username: 'genops-scripts', password: 'scripts' });
}
