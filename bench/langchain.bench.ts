import { createGovernor } from '@genops/core';
import { GenOpsCallbackHandler } from '@genops/langchain-callback';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { measurePair, Report } from './harness.js';
import { createBatchTracerProvider } from './otel.js';

/**
 * LangChain.js: a fake chat model's `invoke` with `GenOpsCallbackHandler` against the same call
 * with a no-op handler that LangChain awaits too (`raiseError: true`), so that the comparison is
 * the GenOps work alone: message conversion, the cached prompt count, policy evaluation, the
 * in-memory ledger and an OpenTelemetry SDK span with a batch processor.
 */

/** The cheapest awaited handler: what any `raiseError` handler costs LangChain. */
class NoopHandler extends BaseCallbackHandler {
  name = 'noop';
  constructor() {
    super({ raiseError: true });
  }
  override handleChatModelStart(): void {}
  override handleLLMEnd(): void {}
  override handleLLMError(): void {}
  override handleChainStart(): void {}
  override handleChainEnd(): void {}
}

const history = [
  new SystemMessage('You are a helpful support assistant for an online bookshop. Answer briefly.'),
  new HumanMessage('Hi, I ordered two books last week and only one arrived. What can I do?'),
  new AIMessage(
    'Sorry about that! Could you share your order number so I can check the shipment status?',
  ),
  new HumanMessage('Sure, it is 48213-B. The missing one is the hardcover atlas of the world.'),
];

function governedHandler(): GenOpsCallbackHandler {
  const governor = createGovernor({
    attribution: { team: 'bench', project: 'genops-ts', environment: 'benchmark' },
    budgets: [{ name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' }],
    tracerProvider: createBatchTracerProvider(),
    defaultMaxOutputTokens: 512,
  });
  return new GenOpsCallbackHandler({ governor });
}

async function modelInvoke(): Promise<Report> {
  const report = new Report(
    'LangChain.js: fake chat model invoke, GenOpsCallbackHandler vs an awaited no-op handler',
  );
  const model = new FakeListChatModel({
    responses: ['The atlas ships separately from our second warehouse; it arrives on Friday.'],
  });
  // Same config (metadata included) on both sides: only the handler differs.
  const metadata = { genops: { customer_id: 'acme' } };
  const noop = { callbacks: [new NoopHandler()], metadata };
  const governed = { callbacks: [governedHandler()], metadata };
  const [baseline, withGenOps] = await measurePair(
    ['invoke, no-op handler (awaited)', 'invoke, GenOpsCallbackHandler'],
    [() => model.invoke(history, noop), () => model.invoke(history, governed)],
  );
  report.add(baseline);
  report.add(withGenOps);
  report.ratio('GenOpsCallbackHandler / no-op handler', withGenOps, baseline, 1.5);
  return report;
}

async function chainInvoke(): Promise<Report> {
  const report = new Report(
    'LangChain.js: prompt | model | parser, GenOpsCallbackHandler (run + model AWUs) vs no-op',
  );
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'You are a helpful support assistant for an online bookshop. Answer briefly.'],
    ['human', '{question}'],
  ]);
  const model = new FakeListChatModel({
    responses: ['The atlas ships separately from our second warehouse; it arrives on Friday.'],
  });
  const chain = prompt.pipe(model).pipe(new StringOutputParser());
  const input = {
    question: 'Where is the hardcover atlas of order 48213-B? It has been a week now.',
  };
  const noop = { callbacks: [new NoopHandler()] };
  const governed = { callbacks: [governedHandler()] };
  const [baseline, withGenOps] = await measurePair(
    ['chain invoke, no-op handler (awaited)', 'chain invoke, GenOpsCallbackHandler'],
    [() => chain.invoke(input, noop), () => chain.invoke(input, governed)],
  );
  // Informational (no target): two AWUs per invocation, the run and its model call.
  report.add(baseline);
  report.add(withGenOps);
  return report;
}

export async function run(): Promise<Report[]> {
  return [await modelInvoke(), await chainInvoke()];
}
