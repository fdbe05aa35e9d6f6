import { createGovernor } from '@genops/core';
import { GenOpsCallbackHandler } from '@genops/langchain-callback';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { Span, Tracer } from '@opentelemetry/api';
import { type Measurement, measurePair, measureSet, Report } from './harness.js';
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

/**
 * The floor: an awaited handler that does only the OpenTelemetry work the spec requires of one
 * model-call AWU, on the same kind of tracer provider — a span with the ten required attributes and
 * the three required events with their required attributes, no governance at all. What it costs
 * over the no-op handler is what any compliant implementation pays to the SDK.
 */
class TelemetryFloorHandler extends BaseCallbackHandler {
  name = 'telemetry-floor';
  readonly #tracer: Tracer = createBatchTracerProvider().getTracer('floor');
  readonly #spans = new Map<string, Span>();
  constructor() {
    super({ raiseError: true });
  }
  override handleChatModelStart(_llm: unknown, _messages: unknown, runId: string): void {
    const span = this.#tracer.startSpan('chat fake-list');
    span.setAttributes({
      'genops.spec.version': '0.1.0',
      'genops.team': 'bench',
      'genops.project': 'genops-ts',
      'genops.environment': 'benchmark',
      'genops.operation.name': 'chat fake-list',
      'genops.operation.type': 'inference',
      'genops.policy.result': 'ALLOWED',
      'genops.accounting.reserved': 640,
      'genops.accounting.unit': 'tokens',
    });
    span.addEvent('genops.policy.evaluated', { 'genops.policy.result': 'ALLOWED' });
    span.addEvent('genops.budget.reservation', {
      'genops.accounting.reserved': 640,
      'genops.accounting.unit': 'tokens',
    });
    this.#spans.set(runId, span);
  }
  override handleLLMEnd(_output: unknown, runId: string): void {
    const span = this.#spans.get(runId);
    if (span === undefined) return;
    this.#spans.delete(runId);
    span.setAttribute('genops.accounting.actual', 120);
    span.addEvent('genops.budget.reconciliation', {
      'genops.accounting.actual': 120,
      'genops.accounting.reserved': 640,
      'genops.accounting.unit': 'tokens',
    });
    span.end();
  }
}

const history = [
  new SystemMessage('You are a helpful support assistant for an online bookshop. Answer briefly.'),
  new HumanMessage('Hi, I ordered two books last week and only one arrived. What can I do?'),
  new AIMessage(
    'Sorry about that! Could you share your order number so I can check the shipment status?',
  ),
  new HumanMessage('Sure, it is 48213-B. The missing one is the hardcover atlas of the world.'),
];

/**
 * The handler under test. `telemetry: false` leaves the governor on the global (no-op) OpenTelemetry
 * API, which measures the governance work alone (informational).
 */
function governedHandler({
  telemetry = true,
}: {
  telemetry?: boolean;
} = {}): GenOpsCallbackHandler {
  const governor = createGovernor({
    attribution: { team: 'bench', project: 'genops-ts', environment: 'benchmark' },
    budgets: [{ name: 'monthly', limit: Number.MAX_SAFE_INTEGER, period: 'month' }],
    ...(telemetry ? { tracerProvider: createBatchTracerProvider() } : {}),
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
  const floorConfig = { callbacks: [new TelemetryFloorHandler()], metadata };
  const untraced = { callbacks: [governedHandler({ telemetry: false })], metadata };
  const governed = { callbacks: [governedHandler()], metadata };
  // Four-way interleaved. Informational, under the same conditions: the spec-required OpenTelemetry
  // work alone (the part of the ratio no implementation can avoid with this SDK) and the governance
  // work alone (the handler and governor on the no-op OpenTelemetry API).
  const [baseline, floor, governance, withGenOps] = (await measureSet(
    [
      'invoke, no-op handler (awaited)',
      'invoke, spec-required OpenTelemetry work only (no governance)',
      'invoke, GenOpsCallbackHandler without a tracer provider (governance only)',
      'invoke, GenOpsCallbackHandler',
    ],
    [
      () => model.invoke(history, noop),
      () => model.invoke(history, floorConfig),
      () => model.invoke(history, untraced),
      () => model.invoke(history, governed),
    ],
    { batches: 51 },
  )) as [Measurement, Measurement, Measurement, Measurement];
  report.add(baseline);
  report.add(floor);
  report.add(governance);
  report.add(withGenOps);
  report.ratio('GenOpsCallbackHandler / no-op handler', withGenOps, baseline, 1.5);
  const times = (m: Measurement) => `${(m.medianNs / baseline.medianNs).toFixed(2)}×`;
  report.note(
    `informational, each / no-op handler: spec-required OpenTelemetry work alone ${times(floor)}, governance alone (no tracer provider) ${times(governance)}`,
  );
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
