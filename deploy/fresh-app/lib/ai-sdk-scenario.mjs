import { captureRefusal } from './capture-refusal.mjs';
import { createInMemoryTracing } from './in-memory-tracing.mjs';
import { serializeSpans } from './serialize-spans.mjs';

/**
 * The AI SDK scenario every deployment target runs, with the modules the target loaded (ESM
 * imports, CommonJS `require`, or a bundle): a governed `generateText`, a governed `streamText`,
 * and a call refused by the model allow-list, which must never reach the model server. AWU spans
 * go to an in-memory OpenTelemetry SDK and are returned as JSON.
 *
 * The governor is created by the caller: in a route module it lives at module scope, as the README
 * tells applications to do, so it is created when the bundler or the runtime loads the module.
 */
export function createAiSdkApp({ ai, createOpenAI, core, genopsMiddleware, otel }) {
  const { exporter, tracerProvider } = createInMemoryTracing(otel);
  const governor = core.createGovernor({
    attribution: { team: 'support', project: 'helpdesk-bot', environment: 'production' },
    budgets: [
      {
        name: 'per-customer-daily',
        scope: { customer_id: '*' },
        limit: 20_000,
        unit: 'tokens',
        period: 'day',
      },
    ],
    policies: [core.modelPolicy({ allow: ['gpt-4o-mini*'] })],
    tracerProvider,
  });

  async function run({ baseURL, runtime }) {
    exporter.reset();
    const openai = createOpenAI({ baseURL, apiKey: 'sk-deploy-test' });
    const governed = (modelId) =>
      ai.wrapLanguageModel({
        model: openai.chat(modelId),
        middleware: genopsMiddleware({ governor }),
      });
    const call = {
      prompt: 'How do I reset my password?',
      maxOutputTokens: 400,
      providerOptions: { genops: { customer_id: 'acme', feature: 'helpdesk-chat' } },
    };

    const generated = await ai.generateText({ model: governed('gpt-4o-mini'), ...call });

    const streamed = ai.streamText({ model: governed('gpt-4o-mini'), ...call });
    let streamedText = '';
    for await (const text of streamed.textStream) streamedText += text;

    const refusal = await captureRefusal(core, () =>
      ai.generateText({ model: governed('gpt-4o'), ...call }),
    );

    await governor.flush();
    await tracerProvider.forceFlush();
    return {
      runtime,
      generateText: { text: generated.text, usage: generated.usage },
      streamText: { text: streamedText, usage: await streamed.usage },
      refusal,
      spans: serializeSpans(exporter.getFinishedSpans()),
    };
  }

  return { governor, run };
}
