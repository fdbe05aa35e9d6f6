import { captureRefusal } from './capture-refusal.mjs';
import { createInMemoryTracing } from './in-memory-tracing.mjs';
import { serializeSpans } from './serialize-spans.mjs';

/**
 * The LangChain scenario: a prompt-template chain on `ChatOpenAI` governed by
 * `GenOpsCallbackHandler` (allowed, reaches the model server), then the same chain on a model the
 * allow-list refuses (never reaches it). AWU spans are returned as JSON.
 */
export function createLangChainApp({
  core,
  GenOpsCallbackHandler,
  ChatPromptTemplate,
  ChatOpenAI,
  otel,
}) {
  const { exporter, tracerProvider } = createInMemoryTracing(otel);
  const governor = core.createGovernor({
    attribution: { team: 'support', project: 'helpdesk-bot', environment: 'production' },
    policies: [core.modelPolicy({ allow: ['gpt-4o-mini*'] })],
    tracerProvider,
  });
  const handler = new GenOpsCallbackHandler({ governor });
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'You are a helpdesk assistant. Answer briefly.'],
    ['human', '{question}'],
  ]);

  async function run({ baseURL, runtime }) {
    exporter.reset();
    const chain = (model) =>
      prompt.pipe(
        new ChatOpenAI({
          model,
          maxTokens: 400,
          apiKey: 'sk-deploy-test',
          configuration: { baseURL },
        }),
      );
    const options = {
      callbacks: [handler],
      metadata: { genops: { customer_id: 'acme', feature: 'helpdesk-chat' } },
    };

    const answer = await chain('gpt-4o-mini').invoke(
      { question: 'How do I reset my password?' },
      options,
    );

    const refusal = await captureRefusal(core, () =>
      chain('gpt-4o').invoke({ question: 'How do I reset my password?' }, options),
    );

    await governor.flush();
    await tracerProvider.forceFlush();
    return {
      runtime,
      invoke: { text: answer.text },
      refusal,
      spans: serializeSpans(exporter.getFinishedSpans()),
    };
  }

  return { governor, run };
}
