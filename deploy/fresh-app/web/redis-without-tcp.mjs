// Where there is no TCP (Edge, Workers), `@genops/redis` must say so with a GenOpsConfigError.
import * as core from '@genops/core';
import { RedisLedger } from '@genops/redis';
import { tryRedisLedgerWithoutTcp } from '../lib/redis-scenario.mjs';
import { respondWith } from './request-input.mjs';

export function handleRedisWithoutTcp() {
  return respondWith(async () => tryRedisLedgerWithoutTcp({ core, RedisLedger }));
}
