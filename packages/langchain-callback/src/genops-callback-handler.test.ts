import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import {
  GenOpsConfigError,
  GenOpsPolicyError,
  type Governor,
  sla,
  type TokenEstimator,
} from '@genops/core';
import { createTiktokenEstimator } from '@genops/core/tiktoken';
import { createTestTelemetry } from '@genops/testing';
import { InMemoryCache } from '@langchain/core/caches';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import type { ChatGeneration } from '@langchain/core/outputs';
import { fakeModel } from '@langchain/core/testing';
import { FakeListChatModel, FakeLLM } from '@langchain/core/utils/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GenOpsCallbackHandler } from './genops-callback-handler.js';
import { createTestGovernor } from './test-support/create-test-governor.js';
import { summarizeEvents } from './test-support/summarize-events.js';
import { summarizeSpans } from './test-support/summarize-spans.js';

const telemetry = createTestTelemetry();
afterAll(() => telemetry.shutdown());
afterEach(() => telemetry.reset());

const usage = (input: number, output: number) => ({
  input_tokens: input,
  output_tokens: output,
  total_tokens: input + output,
});

async function settled(governor: Governor) {
  await governor.flush();
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

describe('GenOpsCallbackHandler: model calls', () => {
  it('applies the SLA tier from metadata.genops.slaTier: all four genops.sla.* attributes', async () => {
    const { governor } = createTestGovernor(telemetry, {
      policies: [sla({ tier: 'premium', latencyTargetMs: 60_000 })],
    });
    const model = fakeModel().respond(
      new AIMessage({ content: 'Hi!', usage_metadata: usage(9, 3) }),
    );
    await model.invoke([new HumanMessage('Hello')], {
      callbacks: [new GenOpsCallbackHandler({ governor })],
      metadata: { genops: { customer_id: 'acme', slaTier: 'premium' } },
    });
    const [span] = await settled(governor);
    expect(span?.attributes).toMatchObject({
      'genops.sla.tier': 'premium',
      'genops.sla.latency_target_ms': 60_000,
      'genops.sla.met': true,
    });
    expect(span?.attributes['genops.sla.actual_latency_ms']).toBeTypeOf('number');
    // Not attribution: the tier never appears as a genops.* attribution attribute.
    expect(Object.keys(span?.attributes ?? {}).filter((key) => key.includes('slaTier'))).toEqual(
      [],
    );
  });

  it('rejects a malformed slaTier with a typed error naming the field', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel().respond(new AIMessage('never'));
    const error = await model
      .invoke([new HumanMessage('Hello')], {
        callbacks: [new GenOpsCallbackHandler({ governor })],
        metadata: { genops: { slaTier: '' } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GenOpsInputError', field: 'metadata.genops.slaTier' });
  });

  it('reserves the prompt plus the default cap and reconciles with usage_metadata', async () => {
    const { governor, errors } = createTestGovernor(telemetry);
    const model = fakeModel().respond(
      new AIMessage({ content: 'Hi!', usage_metadata: usage(9, 3) }),
    );
    const handler = new GenOpsCallbackHandler({ governor });

    const reply = await model.invoke([new HumanMessage('Hello')], {
      callbacks: [handler],
      metadata: { genops: { customer_id: 'acme', feature: 'chat' } },
    });

    expect(reply.content).toBe('Hi!');
    const spans = await settled(governor);
    const prompt = governor.estimator.countMessages([{ role: 'user', content: 'Hello' }]);
    expect(prompt).toBe(8);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeBuiltModel [inference] ALLOWED reserved=208 actual=12 outcome=succeeded",
      ]
    `);
    const [span] = spans;
    expect(span?.attributes).toMatchObject({
      'genops.accounting.reserved': prompt + 200,
      'genops.accounting.actual': 12,
      'genops.customer_id': 'acme',
      'genops.feature': 'chat',
      'genops.team': 'ml-platform',
      'gen_ai.provider.name': 'FakeBuiltModel',
      'genops.tokens.input': 9,
      'genops.tokens.output': 3,
    });
    expect(summarizeEvents(span)).toMatchInlineSnapshot(`
      [
        [
          "genops.policy.evaluated",
          {
            "genops.policy.name": "monthly",
            "genops.policy.result": "ALLOWED",
          },
        ],
        [
          "genops.budget.reservation",
          {
            "genops.accounting.reserved": 208,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "monthly",
            "genops.budget.period": "<period>",
            "genops.budget.remaining": 999792,
          },
        ],
        [
          "genops.budget.reconciliation",
          {
            "genops.accounting.actual": 12,
            "genops.accounting.reconciliation_delta": -196,
            "genops.accounting.reserved": 208,
            "genops.accounting.unit": "tokens",
            "genops.budget.name": "monthly",
          },
        ],
      ]
    `);
    expect(await governor.snapshot('monthly')).toMatchObject({ consumed: 12, reserved: 0 });
    expect(handler.inFlight).toEqual({ modelCalls: 0, runs: 0 });
    expect(errors).toEqual([]);
  });

  it('counts the generated text exactly when the model reports no usage (flagged incomplete)', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = new FakeListChatModel({ responses: ['The answer is 42.'] });

    await model.invoke('What is the answer?', {
      callbacks: [new GenOpsCallbackHandler({ governor })],
    });

    const spans = await settled(governor);
    const prompt = governor.estimator.countMessages([
      { role: 'user', content: 'What is the answer?' },
    ]);
    const output = governor.estimator.countText('The answer is 42.');
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeListChatModel [inference] ALLOWED reserved=212 actual=18 (incomplete) outcome=succeeded",
      ]
    `);
    expect(spans[0]?.attributes['genops.accounting.actual']).toBe(prompt + output);
  });

  it('refuses before the model runs: the caller receives the GenOpsPolicyError itself', async () => {
    const { governor } = createTestGovernor(telemetry, {
      budgets: [{ name: 'tiny', limit: 100, unit: 'tokens', period: 'month' }],
    });
    const model = fakeModel().respond(new AIMessage('never'));

    const error = await model
      .invoke('Hello', { callbacks: [new GenOpsCallbackHandler({ governor })] })
      .catch((caught: unknown) => caught);

    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(GenOpsPolicyError);
    expect((error as GenOpsPolicyError).reasonCode).toBe('BUDGET_RESERVATION_FAILED');
    expect((error as GenOpsPolicyError).isRetryable).toBe(false);
    expect(model.callCount).toBe(0);
    const spans = await settled(governor);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeBuiltModel [inference] BLOCKED:BUDGET_RESERVATION_FAILED outcome=refused",
      ]
    `);
    expect(spans[0]?.events.map((event) => event.name)).toEqual(['genops.policy.evaluated']);
    // Nothing was reserved, so the ledger never opened the budget's period.
    expect(await governor.snapshot('tiny')).toBeUndefined();
  });

  it('reconciles a failed call with the prompt it sent and rethrows the provider error', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel().respond(new Error('upstream 500'));

    await expect(
      model.invoke('Hello', { callbacks: [new GenOpsCallbackHandler({ governor })] }),
    ).rejects.toThrow('upstream 500');

    const spans = await settled(governor);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeBuiltModel [inference] ALLOWED reserved=208 actual=8 (incomplete) outcome=failed",
      ]
    `);
    expect(spans[0]?.status).toMatchObject({ code: 2, message: 'upstream 500' });
    expect(await governor.snapshot('monthly')).toMatchObject({ consumed: 8, reserved: 0 });
  });

  it('streams: settles once the stream ends, from the text streamed', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = new FakeListChatModel({ responses: ['Streaming works.'] });
    const handler = new GenOpsCallbackHandler({ governor });

    let text = '';
    for await (const chunk of await model.stream('Stream please', { callbacks: [handler] })) {
      text += String(chunk.content);
    }

    expect(text).toBe('Streaming works.');
    const spans = await settled(governor);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeListChatModel [inference] ALLOWED reserved=209 actual=12 (incomplete) outcome=succeeded",
      ]
    `);
    expect(spans[0]?.attributes['genops.tokens.output']).toBe(
      governor.estimator.countText('Streaming works.'),
    );
  });

  it('reconciles an aborted stream with the exact count of what was streamed so far', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = new FakeListChatModel({ responses: ['abcdefghij'], sleep: 1 });
    const controller = new AbortController();

    const chunks: string[] = [];
    const consume = async () => {
      for await (const chunk of await model.stream('Go', {
        callbacks: [new GenOpsCallbackHandler({ governor })],
        signal: controller.signal,
      })) {
        chunks.push(String(chunk.content));
        if (chunks.length === 3) controller.abort();
      }
    };
    await expect(consume()).rejects.toThrow();

    const spans = await settled(governor);
    expect(chunks).toEqual(['a', 'b', 'c']);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeListChatModel [inference] ALLOWED reserved=208 actual=9 (incomplete) outcome=failed",
      ]
    `);
    expect(spans[0]?.attributes['genops.tokens.output']).toBe(governor.estimator.countText('abc'));
  });

  it('attributes 20 parallel batch calls to their own runs', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel();
    for (let i = 0; i < 20; i++) {
      model.respond((messages) => {
        const n = Number(String(messages.at(-1)?.content).split(' ')[1]);
        return new AIMessage({ content: `answer ${n}`, usage_metadata: usage(100 + n, n) });
      });
    }
    const handler = new GenOpsCallbackHandler({ governor });
    const inputs = Array.from({ length: 20 }, (_, n) => `question ${n}`);

    const replies = await model.batch(
      inputs,
      inputs.map((_, n) => ({
        callbacks: [handler],
        metadata: { genops: { customer_id: `customer-${n}` } },
      })),
      { maxConcurrency: 20 },
    );

    expect(replies.map((reply) => reply.content)).toEqual(inputs.map((_, n) => `answer ${n}`));
    const spans = await settled(governor);
    expect(spans).toHaveLength(20);
    const prompt = governor.estimator.countMessages([{ role: 'user', content: 'question 1' }]);
    for (const span of spans) {
      const n = Number(String(span.attributes['genops.customer_id']).split('-')[1]);
      expect(span.attributes['genops.accounting.reserved']).toBe(prompt + 200);
      expect(span.attributes['genops.accounting.actual']).toBe(100 + 2 * n);
      expect(span.parentSpanContext).toBeUndefined();
    }
    expect(await governor.snapshot('monthly')).toMatchObject({
      consumed: 20 * 100 + 2 * 190,
      reserved: 0,
    });
    expect(handler.inFlight).toEqual({ modelCalls: 0, runs: 0 });
  });

  it('settles cache hits at zero actual', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = new FakeListChatModel({
      responses: ['cached reply'],
      cache: new InMemoryCache(),
    });
    const handler = new GenOpsCallbackHandler({ governor });

    await model.invoke('Same question', { callbacks: [handler] });
    await model.invoke('Same question', { callbacks: [handler] });

    const spans = await settled(governor);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeListChatModel [inference] ALLOWED reserved=209 actual=11 (incomplete) outcome=succeeded",
        "B chat FakeListChatModel [inference] ALLOWED reserved=209 actual=0 outcome=succeeded",
      ]
    `);
  });

  it('releases the sibling reservations of a multi-prompt generate call that was refused', async () => {
    const { governor } = createTestGovernor(telemetry, {
      policies: [
        {
          name: 'no-secrets',
          evaluate: ({ input }) =>
            input !== undefined &&
            'messages' in input &&
            input.messages.some((message) => message.content.includes('secret'))
              ? {
                  result: 'BLOCKED',
                  reasonCode: 'POLICY_DENY_CONTENT',
                  reason: 'mentions a secret',
                }
              : { result: 'ALLOWED' },
        },
      ],
    });
    const model = fakeModel().respond(new AIMessage('a')).respond(new AIMessage('b'));

    const error = await model
      .generate([[new HumanMessage('harmless')], [new HumanMessage('the secret')]], {
        callbacks: [new GenOpsCallbackHandler({ governor })],
      })
      .catch((caught: unknown) => caught);

    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(model.callCount).toBe(0);
    const spans = await settled(governor);
    // Both prompts start together: compare without the letters, whose order is a tie.
    expect(
      summarizeSpans(spans)
        .map((line) => line.slice(2))
        .sort(),
    ).toMatchInlineSnapshot(`
      [
        "chat FakeBuiltModel [inference] ALLOWED reserved=209 outcome=abandoned",
        "chat FakeBuiltModel [inference] BLOCKED:POLICY_DENY_CONTENT outcome=refused",
      ]
    `);
    expect(await governor.snapshot('monthly')).toMatchObject({ consumed: 0, reserved: 0 });
  });

  it('governs text-completion LLMs through handleLLMStart', async () => {
    const { governor } = createTestGovernor(telemetry);
    const llm = new FakeLLM({ response: 'four' });

    await llm.invoke('two plus two?', { callbacks: [new GenOpsCallbackHandler({ governor })] });

    const spans = await settled(governor);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A text_completion FakeLLM [inference] ALLOWED reserved=204 actual=5 (incomplete) outcome=succeeded",
      ]
    `);
  });

  it('never fails the call for a bug after the model ran: reports it and still reconciles', async () => {
    const tiktoken = createTiktokenEstimator();
    const estimator: TokenEstimator = {
      name: 'flaky',
      ready: (model) => tiktoken.ready?.(model),
      countMessages: (messages, model) => tiktoken.countMessages(messages, model),
      countText: () => {
        throw new Error('tokenizer exploded');
      },
    };
    const { governor } = createTestGovernor(telemetry, { estimator });
    const reported: unknown[] = [];
    const handler = new GenOpsCallbackHandler({
      governor,
      onError: (error, info) => reported.push([String(error), info]),
    });
    const model = new FakeListChatModel({ responses: ['fine'] });

    await expect(model.invoke('Hello', { callbacks: [handler] })).resolves.toMatchObject({
      content: 'fine',
    });

    const spans = await settled(governor);
    expect(reported).toEqual([
      ['Error: tokenizer exploded', { hook: 'handleLLMEnd', runId: expect.any(String) }],
    ]);
    expect(summarizeSpans(spans)).toMatchInlineSnapshot(`
      [
        "A chat FakeListChatModel [inference] ALLOWED reserved=208 actual=8 (incomplete) outcome=succeeded",
      ]
    `);
    tiktoken.dispose?.();
  });

  it('begins a call without a microtask when the governor need not wait (in-memory ledger)', async () => {
    const { governor } = createTestGovernor(telemetry);
    const handler = new GenOpsCallbackHandler({ governor });
    const serialized = { lc: 1, type: 'not_implemented', id: ['langchain', 'FakeListChatModel'] };
    // LangChain awaits what a raiseError handler returns: nothing here, so no extra tick.
    const returned = handler.handleChatModelStart(
      serialized,
      [[new HumanMessage('Hello')]],
      'run-1',
    );
    expect(returned).toBeUndefined();
    expect(handler.inFlight.modelCalls).toBe(1);
    const generation: ChatGeneration = {
      text: 'Hi!',
      message: new AIMessage({ content: 'Hi!', usage_metadata: usage(9, 3) }),
    };
    handler.handleLLMEnd({ generations: [[generation]] }, 'run-1');
    expect(handler.inFlight.modelCalls).toBe(0);
    const [span] = await settled(governor);
    expect(span?.attributes).toMatchObject({ 'genops.accounting.actual': 12 });
  });

  it('validates its options', () => {
    const { governor } = createTestGovernor(telemetry);
    const attempt = (options: unknown) => {
      try {
        new GenOpsCallbackHandler(options as never);
      } catch (error) {
        return GenOpsConfigError.isInstance(error) ? error.field : error;
      }
      return 'accepted';
    };
    expect(attempt({})).toBe('governor');
    // A hand-made governor must have what the handler calls (begin and beginEager).
    const { beginEager: _, ...withoutEager } = governor;
    expect(attempt({ governor: withoutEager })).toBe('governor');
    expect(attempt({ governor, runLimitTokens: -1 })).toBe('runLimitTokens');
    expect(attempt({ governor, governSteps: 'yes' })).toBe('governSteps');
    expect(attempt({ governor, onError: 42 })).toBe('onError');
    expect(attempt({ governor, runLimitTokens: 0 })).toBe('accepted');
    const { governor: dollars } = createTestGovernor(telemetry, { unit: 'USD', budgets: [] });
    expect(attempt({ governor: dollars, runLimitTokens: 1_000 })).toBe('runLimitTokens');
    expect(attempt({ governor: dollars })).toBe('accepted');
  });
});
