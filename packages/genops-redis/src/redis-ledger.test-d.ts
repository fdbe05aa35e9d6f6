import type { ExtensionReasonCode, Ledger, ReserveResult } from '@genops/core';
import { Cluster, Redis } from 'ioredis';
import { expectTypeOf, test } from 'vitest';
import {
  GenOpsLedgerStateError,
  type GenOpsLedgerUnavailableError,
  type LedgerOperation,
  type OnUnavailable,
  RedisLedger,
  type RedisLedgerOptions,
  type RedisReserveResult,
} from './index.js';

test('RedisLedger is a core Ledger built from an ioredis client', () => {
  expectTypeOf<RedisLedger>().toExtend<Ledger>();
  expectTypeOf<RedisLedgerOptions['client']>().toEqualTypeOf<Redis | Cluster>();
  expectTypeOf<OnUnavailable>().toEqualTypeOf<'fail-closed' | 'fail-open'>();
  expectTypeOf(
    new RedisLedger({ client: new Redis() }).reserve,
  ).returns.resolves.toEqualTypeOf<RedisReserveResult>();
  expectTypeOf<RedisReserveResult>().toExtend<ReserveResult>();
  expectTypeOf<RedisReserveResult['degraded']>().toEqualTypeOf<
    { readonly reasonCode: ExtensionReasonCode; readonly reason: string } | undefined
  >();
  expectTypeOf(new RedisLedger({ client: new Cluster([]) }).pendingWrites).toEqualTypeOf<number>();
  // @ts-expect-error the client is required
  new RedisLedger({ keyPrefix: 'genops:' });
  // @ts-expect-error only two modes
  new RedisLedger({ client: new Redis(), onUnavailable: 'retry' });
});

test('errors carry typed fields', () => {
  expectTypeOf<GenOpsLedgerUnavailableError['operation']>().toEqualTypeOf<LedgerOperation>();
  expectTypeOf<GenOpsLedgerUnavailableError['reason']>().toEqualTypeOf<'timeout' | 'error'>();
  expectTypeOf<GenOpsLedgerUnavailableError['queued']>().toEqualTypeOf<boolean>();
  expectTypeOf<GenOpsLedgerStateError['key']>().toEqualTypeOf<string>();
  expectTypeOf(GenOpsLedgerStateError.isInstance).guards.toEqualTypeOf<GenOpsLedgerStateError>();
});
