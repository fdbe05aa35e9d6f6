import { createInMemoryTracing } from './in-memory-tracing.mjs';
import { serializeError, serializeSpans } from './serialize-spans.mjs';

/**
 * The shared-budget scenario where a runtime has TCP: a governor on `RedisLedger` (ioredis) makes
 * one governed `generateText`; the test then finds the ledger's keys in that Redis.
 */
export async function runRedisScenario(
  { ai, createOpenAI, core, genopsMiddleware, otel, RedisLedger, Redis },
  { baseURL, redisURL, keyPrefix, runtime },
) {
  const { exporter, tracerProvider } = createInMemoryTracing(otel);
  const client = new Redis(redisURL);
  const governor = core.createGovernor({
    attribution: { team: 'support', project: 'helpdesk-bot', environment: 'production' },
    budgets: [{ name: 'shared-daily', limit: 100_000, unit: 'tokens', period: 'day' }],
    ledger: new RedisLedger({ client, keyPrefix }),
    tracerProvider,
  });
  try {
    const openai = createOpenAI({ baseURL, apiKey: 'sk-deploy-test' });
    const result = await ai.generateText({
      model: ai.wrapLanguageModel({
        model: openai.chat('gpt-4o-mini'),
        middleware: genopsMiddleware({ governor }),
      }),
      prompt: 'How do I reset my password?',
      maxOutputTokens: 400,
    });
    await governor.shutdown();
    await tracerProvider.forceFlush();
    return { runtime, text: result.text, spans: serializeSpans(exporter.getFinishedSpans()) };
  } finally {
    client.disconnect();
  }
}

/**
 * Where a runtime has no TCP (Edge, Workers): what `new RedisLedger(…)` does with the only kind of
 * client such a runtime could hand it. The agreed behaviour is a `GenOpsConfigError` that says so.
 */
export function tryRedisLedgerWithoutTcp({ core, RedisLedger }) {
  try {
    new RedisLedger({ client: {}, keyPrefix: 'genops:' });
    return { thrown: false };
  } catch (error) {
    return {
      thrown: true,
      isGenOpsConfigError: core.GenOpsConfigError.isInstance(error),
      ...serializeError(error),
    };
  }
}
