import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGovernor } from '@genops/core';
import { RedisLedger } from '@genops/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../packages/genops-redis/src/internal/testing/redis-server.js';

/** The SIGTERM handler of the root README's "Multi-process deployment with Redis" section. */
const HANDLER = `process.on('SIGTERM', async () => {
  try {
    await governor.shutdown(); // writes every pending settle
  } catch (error) {
    // Redis is unreachable: exit anyway, saying what was not written ("… (3 pending)").
    console.warn(\`genops: \${error instanceof Error ? error.message : String(error)}\`);
  }
  process.exit(0);
});`;

describe("the README's SIGTERM handler", () => {
  let redis: TestRedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('is the one in the README', () => {
    const readme = readFileSync(
      fileURLToPath(new URL('../../../README.md', import.meta.url)),
      'utf8',
    );
    const section = readme.slice(readme.indexOf('## Multi-process deployment with Redis'));
    expect(/```ts\n([\s\S]*?)```/.exec(section)?.[1]).toContain(HANDLER);
  });

  it('exits 0 when Redis went down with usage still unwritten, with a warning saying how much', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    const ledger = new RedisLedger({
      client,
      keyPrefix: `snippet-${Date.now()}:`,
      onError: () => {},
    });
    const governor = createGovernor({
      attribution: { team: 'support', project: 'helpdesk-bot', environment: 'production' },
      budgets: [{ name: 'support-monthly', limit: 2_000_000, period: 'month' }],
      ledger,
      onError: () => {},
    });
    const awu = await governor.begin({
      operation: { name: 'chat gpt-4o-mini', type: 'inference' },
      model: 'gpt-4o-mini',
      input: { text: 'Hello' },
      maxOutputTokens: 50,
    });
    await redis.stop();
    await awu.settle({ usage: { inputTokens: 8, outputTokens: 20 } });

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exit = vi.fn();
    const started = Date.now();
    // The handler's body, as written in the README.
    try {
      await governor.shutdown(); // writes every pending settle
    } catch (error) {
      console.warn(`genops: ${error instanceof Error ? error.message : String(error)}`);
    }
    exit(0);
    const warnings = warn.mock.calls.map(([message]) => String(message));
    warn.mockRestore();
    client.disconnect();
    await redis.start();

    expect(exit).toHaveBeenCalledWith(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(warnings).toEqual([
      expect.stringMatching(/^genops: Redis ledger unavailable: flush .*\(1 pending\)$/),
    ]);
  });
});
