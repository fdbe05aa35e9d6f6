/**
 * A process of the Redis bench's multi-process run: governed calls on one hot budget shared with
 * the other processes, through its own connection and `RedisLedger`. Started by `redis.bench.ts`
 * with `fork()`; its configuration is one JSON argument (`{ port, durationMs, inFlight }`). It warms
 * up, reports `ready`, waits for `go`, runs `inFlight` loops for `durationMs` and reports its calls.
 */
import { createGovernor } from '@genops/core';
import { RedisLedger } from '@genops/redis';
import { Redis } from 'ioredis';

const { port, durationMs, inFlight } = JSON.parse(process.argv[2] ?? '{}') as {
  port: number;
  durationMs: number;
  inFlight: number;
};
const client = new Redis(port, '127.0.0.1');
const ledger = new RedisLedger({ client });
const governor = createGovernor({
  attribution: { team: 'bench', project: 'genops-ts', environment: 'benchmark' },
  budgets: [{ name: 'shared-hot', limit: Number.MAX_SAFE_INTEGER, period: 'month' }],
  ledger,
  warmup: false,
  onError: (error) => {
    throw error;
  },
});
const request = { operation: { name: 'chat', type: 'inference' }, inputTokens: 512 } as const;
const usage = { inputTokens: 512, outputTokens: 200 };
const call = () =>
  governor.execute({ ...request, maxOutputTokens: 256 }, async () => ({ value: 'ok', usage }));

async function loops(until: number): Promise<number> {
  let calls = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        await call();
        calls++;
      }
    }),
  );
  return calls;
}

await loops(performance.now() + 1_000);
process.send?.({ ready: true });
await new Promise<void>((resolve) => process.once('message', () => resolve()));
const started = performance.now();
const calls = await loops(started + durationMs);
const seconds = (performance.now() - started) / 1000;
await governor.shutdown();
process.send?.({ callsPerSecond: calls / seconds }, () => {
  client.disconnect();
  process.exit(0);
});
