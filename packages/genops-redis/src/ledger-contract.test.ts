import { InMemoryLedger } from '@genops/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describeLedgerContract } from './internal/testing/ledger-contract.js';
import { startRedisServer, type TestRedisServer } from './internal/testing/redis-server.js';
import { RedisLedger } from './redis-ledger.js';

let server: TestRedisServer;
let client: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.port, '127.0.0.1');
});

afterAll(async () => {
  client.disconnect();
  await server.stop();
});

describeLedgerContract('InMemoryLedger', async () => new InMemoryLedger());

describeLedgerContract('RedisLedger', async () => {
  await client.flushall();
  return new RedisLedger({ client });
});
