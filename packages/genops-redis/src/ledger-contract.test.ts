import { describeLedgerContract } from '@genops/core/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { scriptsOnlyClient } from './internal/testing/redis-fixture.js';
import { startRedisServer, type TestRedisServer } from './internal/testing/redis-server.js';
import { RedisLedger } from './redis-ledger.js';

let server: TestRedisServer;
let client: Redis;
let scripts: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.port, '127.0.0.1');
  scripts = await scriptsOnlyClient(client, server.port);
});

afterAll(async () => {
  scripts.disconnect();
  client.disconnect();
  await server.stop();
});

describeLedgerContract('RedisLedger', async () => {
  await client.flushall();
  return new RedisLedger({ client });
});

// The same contract where the server refuses FUNCTION (as Redis before 7 would): EVALSHA scripts.
describeLedgerContract('RedisLedger (scripts: FUNCTION refused by ACL)', async () => {
  await client.flushall();
  return new RedisLedger({ client: scripts });
});
