/**
 * @internal A test worker process: a real governor on a `RedisLedger`, started by the multi-process
 * tests with `fork()` under tsx. Its configuration is one JSON argument; it reports over IPC.
 *
 * - `load`: runs `count` governed calls at once against one shared budget and reports how many
 *   proceeded, how many were refused, and the sum of the actuals of those that proceeded.
 * - `hold`: begins `count` AWUs, reports their ids and then hangs with the reservations held,
 *   until the test kills it.
 */
import { createGovernor, GenOpsPolicyError } from '@genops/core';
import { Redis } from 'ioredis';
import { RedisLedger } from '../../redis-ledger.js';

/** @internal The worker's configuration. */
export interface WorkerConfig {
  readonly mode: 'load' | 'hold';
  readonly port: number;
  readonly count: number;
  readonly limit: number;
  readonly leaseMs: number;
  readonly inputTokens: number;
  readonly maxOutputTokens: number;
}

/** @internal What a worker reports. */
export type WorkerReport =
  | {
      readonly mode: 'load';
      proceeded: number;
      refused: number;
      actualSum: number;
      errors: string[];
    }
  | { readonly mode: 'hold'; readonly ids: readonly string[]; readonly amount: number };

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const client = new Redis(config.port, '127.0.0.1');
const errors: string[] = [];
const governor = createGovernor({
  attribution: { team: 'support', project: 'load', environment: 'test' },
  budgets: [{ name: 'shared', limit: config.limit, period: 'total' }],
  ledger: new RedisLedger({ client }),
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
