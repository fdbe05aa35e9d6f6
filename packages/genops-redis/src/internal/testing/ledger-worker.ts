/**
 * @internal A test worker process: a real governor on a `RedisLedger`, started by the multi-process
 * tests with `fork()` under tsx. Its configuration is one JSON argument; it reports over IPC.
 *
 * - `load`: runs `count` governed calls at once against one shared budget and reports how many
 *   proceeded, how many were refused, and the sum of the actuals of those that proceeded.
 * - `hold`: begins `count` AWUs, reports their ids and then hangs with the reservations held,
 *   until the test kills it.
 * - `drain`: `count` loops of governed calls whose actual is their estimate, each until it was
 *   refused 10 times in a row (10 ms apart): the budget is drained to what no call fits in.
 */
import { createGovernor, GenOpsPolicyError } from '@genops/core';
import { Redis } from 'ioredis';
import { RedisLedger } from '../../redis-ledger.js';

/** @internal The worker's configuration. */
export interface WorkerConfig {
  readonly mode: 'load' | 'hold' | 'drain';
  readonly port: number;
  readonly count: number;
  readonly limit: number;
  readonly leaseMs: number;
  /** The ledger's slice lease (`leases.ttlMs`). */
  readonly sliceTtlMs?: number;
  /** How far this process's clock is off (added to `Date.now()`), ms. */
  readonly clockSkewMs?: number;
  readonly inputTokens: number;
  readonly maxOutputTokens: number;
}

/** @internal What a worker reports. */
export type WorkerReport =
  | {
      readonly mode: 'load' | 'drain';
      proceeded: number;
      refused: number;
      actualSum: number;
      errors: string[];
    }
  | { readonly mode: 'hold'; readonly ids: readonly string[]; readonly amount: number };

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
if (config.clockSkewMs !== undefined) {
  const now = Date.now;
  const skew = config.clockSkewMs;
  Date.now = () => now() + skew;
}
const client = new Redis(config.port, '127.0.0.1');
const errors: string[] = [];
const governor = createGovernor({
  attribution: { team: 'support', project: 'load', environment: 'test' },
  budgets: [{ name: 'shared', limit: config.limit, period: 'total' }],
  ledger: new RedisLedger({ client, leases: { ttlMs: config.sliceTtlMs ?? 30_000 } }),
  leaseMs: config.leaseMs,
  warmup: false,
  onError: (error) => errors.push(String(error)),
});
const request = {
  operation: { name: 'chat', type: 'inference' },
  inputTokens: config.inputTokens,
  maxOutputTokens: config.maxOutputTokens,
} as const;
const send = (report: WorkerReport) =>
  new Promise<void>((resolve) => process.send?.(report, () => resolve()));

if (config.mode === 'load') {
  const report = { mode: 'load' as const, proceeded: 0, refused: 0, actualSum: 0, errors };
  await Promise.all(
    Array.from({ length: config.count }, async () => {
      const outputTokens = Math.floor(Math.random() * (config.maxOutputTokens + 1));
      try {
        await governor.execute(request, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 25));
          return { value: 'ok', usage: { inputTokens: config.inputTokens, outputTokens } };
        });
        report.proceeded++;
        report.actualSum += config.inputTokens + outputTokens;
      } catch (error) {
        if (!GenOpsPolicyError.isInstance(error)) throw error;
        report.refused++;
      }
    }),
  );
  await governor.shutdown();
  await send(report);
  client.disconnect();
} else if (config.mode === 'drain') {
  const report = { mode: 'drain' as const, proceeded: 0, refused: 0, actualSum: 0, errors };
  const usage = { inputTokens: config.inputTokens, outputTokens: config.maxOutputTokens };
  await Promise.all(
    Array.from({ length: config.count }, async () => {
      for (let refusedInARow = 0; refusedInARow < 10; ) {
        try {
          await governor.execute(request, async () => {
            await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
            return { value: 'ok', usage };
          });
          report.proceeded++;
          report.actualSum += usage.inputTokens + usage.outputTokens;
          refusedInARow = 0;
        } catch (error) {
          if (!GenOpsPolicyError.isInstance(error)) throw error;
          report.refused++;
          refusedInARow++;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    }),
  );
  await governor.shutdown();
  await send(report);
  client.disconnect();
} else {
  const awus = await Promise.all(
    Array.from({ length: config.count }, () => governor.begin(request)),
  );
  const held = awus.filter((awu) => awu.decision.proceeds);
  await send({
    mode: 'hold',
    ids: held.map((awu) => awu.id),
    amount: config.inputTokens + config.maxOutputTokens,
  });
  // Hang with everything reserved until killed.
  setInterval(() => undefined, 60_000);
}
