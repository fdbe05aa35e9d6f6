import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry, summarizeAwuTree } from '@genops/testing';
import { AIMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { trace } from '@opentelemetry/api';
import { createAgent } from 'langchain';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GenOpsCallbackHandler } from './genops-callback-handler.js';
import { createTestGovernor } from './test-support/create-test-governor.js';

const telemetry = createTestTelemetry();
afterAll(() => telemetry.shutdown());
afterEach(() => telemetry.reset());

const reply = (content: string, input: number, output: number) =>
  new AIMessage({
    content,
    usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output },
  });

async function settled(governor: Governor) {
  await governor.flush();
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

/** prompt | model | parser, wrapped in an outer sequence with a pre- and post-processing step. */
function nestedChain(model: ReturnType<typeof fakeModel>) {
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'You answer in one word.'],
    ['human', '{question}'],
  ]);
  const inner = RunnableSequence.from([prompt, model, new StringOutputParser()]).withConfig({
    runName: 'answer',
  });
  return RunnableSequence.from([
    RunnableLambda.from((input: { q: string }) => ({ question: input.q.trim() })).withConfig({
      runName: 'normalize',
    }),
    inner,
    RunnableLambda.from((answer: string) => answer.toUpperCase()).withConfig({
      runName: 'shout',
    }),
  ]).withConfig({ runName: 'pipeline' });
}

describe('GenOpsCallbackHandler: chain runs', () => {
  it('makes the top-level run the parent AWU of the model call, with its run limit', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel().respond(reply('blue', 20, 1));
    const handler = new GenOpsCallbackHandler({ governor, runLimitTokens: 1_000 });

    const answer = await nestedChain(model).invoke(
      { q: ' Sky colour? ' },
      { callbacks: [handler], metadata: { genops: { customer_id: 'acme' } } },
    );

    expect(answer).toBe('BLUE');
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chain pipeline [chain] ALLOWED reserved=1000 actual=21 outcome=succeeded",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=220 actual=21 outcome=succeeded",
      ]
    `);
    for (const span of spans) expect(span.attributes['genops.customer_id']).toBe('acme');
    const byType = (type: string) =>
      spans.find((span) => span.attributes['genops.operation.type'] === type);
    expect(byType('inference')?.parentSpanContext?.spanId).toBe(
      byType('chain')?.spanContext().spanId,
    );
    expect(handler.inFlight).toEqual({ modelCalls: 0, runs: 0 });
  });

  it('with governSteps, every step is an AWU and the model call is parented by its own chain', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel().respond(reply('blue', 20, 1));

    await nestedChain(model).invoke(
      { q: 'Sky colour?' },
      { callbacks: [new GenOpsCallbackHandler({ governor, governSteps: true })] },
    );

    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chain pipeline [chain] ALLOWED reserved=0 actual=21 outcome=succeeded",
        "B<A chain normalize [chain] ALLOWED reserved=0 actual=0 outcome=succeeded",
        "C<A chain answer [chain] ALLOWED reserved=0 actual=21 outcome=succeeded",
        "D<C chain ChatPromptTemplate [chain] ALLOWED reserved=0 actual=0 outcome=succeeded",
        "E<C chat FakeBuiltModel [inference] ALLOWED reserved=220 actual=21 outcome=succeeded",
        "F<C chain StrOutputParser [chain] ALLOWED reserved=0 actual=0 outcome=succeeded",
        "G<A chain shout [chain] ALLOWED reserved=0 actual=0 outcome=succeeded",
      ]
    `);
  });

  it('parents the top-level run to the active OpenTelemetry span of the caller', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel().respond(reply('blue', 20, 1));
    const tracer = telemetry.tracerProvider.getTracer('app');

    const requestSpanId = await tracer.startActiveSpan('POST /ask', async (span) => {
      await nestedChain(model).invoke(
        { q: 'Sky colour?' },
        { callbacks: [new GenOpsCallbackHandler({ governor })] },
      );
      span.end();
      return span.spanContext().spanId;
    });

    const spans = await settled(governor);
    const run = spans.find((span) => span.name === 'chain pipeline');
    expect(run?.parentSpanContext?.spanId).toBe(requestSpanId);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A<ext chain pipeline [chain] ALLOWED reserved=0 actual=21 outcome=succeeded",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=220 actual=21 outcome=succeeded",
      ]
    `);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('stops a runaway loop inside a chain at its run limit', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel();
    for (let i = 0; i < 10; i++) model.respond(reply(`step ${i}`, 30, 170));
    const loop = RunnableLambda.from(async (topic: string, config) => {
      const notes: string[] = [];
      for (let i = 0; i < 10; i++) {
        const message = await model.invoke(`Think about ${topic}, round ${i}`, config);
        notes.push(String(message.content));
      }
      return notes;
    }).withConfig({ runName: 'think-loop' });
    // Each call reserves its prompt (14 tokens) plus 200 output tokens and consumes 200: after
    // three calls 100 of the 700 are left, less than the fourth call's reservation.
    const handler = new GenOpsCallbackHandler({ governor, runLimitTokens: 700 });

    const error = await loop.invoke('tides', { callbacks: [handler] }).catch((e: unknown) => e);

    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect((error as GenOpsPolicyError).policyName).toBe('run-limit');
    expect(model.callCount).toBe(3);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chain think-loop [chain] ALLOWED reserved=700 actual=600 (incomplete) outcome=failed",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=214 actual=200 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=214 actual=200 outcome=succeeded",
        "D<A chat FakeBuiltModel [inference] ALLOWED reserved=214 actual=200 outcome=succeeded",
        "E<A chat FakeBuiltModel [inference] BLOCKED:BUDGET_RESERVATION_FAILED outcome=refused",
      ]
    `);
    expect(await governor.snapshot('monthly')).toMatchObject({ consumed: 600, reserved: 0 });
    expect(handler.inFlight).toEqual({ modelCalls: 0, runs: 0 });
  });

  it('fails the run AWU when a step throws, reconciled with what its children consumed', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = fakeModel().respond(reply('blue', 20, 1));
    const chain = RunnableSequence.from([
      model,
      RunnableLambda.from(() => {
        throw new Error('parser broke');
      }),
    ]).withConfig({ runName: 'fragile' });

    await expect(
      chain.invoke('Sky colour?', { callbacks: [new GenOpsCallbackHandler({ governor })] }),
    ).rejects.toThrow('parser broke');

    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chain fragile [chain] ALLOWED reserved=0 actual=21 (incomplete) outcome=failed",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=210 actual=21 outcome=succeeded",
      ]
    `);
  });
});

describe('GenOpsCallbackHandler: agent runs', () => {
  it('stops a createAgent tool loop at the agent run limit; the refused call never reaches the model', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(10);
    const lookups: string[] = [];
    const lookup = tool(
      async ({ query }) => {
        lookups.push(query);
        return `nothing found for ${query}`;
      },
      {
        name: 'lookup',
        description: 'Looks something up',
        schema: z.object({ query: z.string() }),
      },
    );
    const agent = createAgent({ model, tools: [lookup], name: 'researcher' });
    const handler = new GenOpsCallbackHandler({ governor, runLimitTokens: 1_000 });

    const error = await agent
      .invoke(
        { messages: [{ role: 'user', content: 'Research tides' }] },
        { callbacks: [handler], metadata: { genops: { customer_id: 'acme' } } },
      )
      .catch((caught: unknown) => caught);

    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect((error as GenOpsPolicyError).policyName).toBe('run-limit');
    expect(model.callCount).toBe(3);
    expect(lookups).toEqual(['tides 0', 'tides 1', 'tides 2']);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent researcher [agent] ALLOWED reserved=1000 actual=915 (incomplete) outcome=failed",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=250 actual=305 outcome=succeeded",
        "D<A chat FakeBuiltModel [inference] ALLOWED reserved=291 actual=330 outcome=succeeded",
        "E<A chat FakeBuiltModel [inference] BLOCKED:BUDGET_RESERVATION_FAILED outcome=refused",
      ]
    `);
    for (const span of spans) expect(span.attributes['genops.customer_id']).toBe('acme');
    expect(handler.inFlight).toEqual({ modelCalls: 0, runs: 0 });
  });
});

/** A fake tool-calling chat model that asks for the `lookup` tool on every turn, `turns` times. */
function loopingToolModel(turns: number) {
  const model = fakeModel();
  for (let i = 0; i < turns; i++) {
    model.respond(
      () =>
        new AIMessage({
          content: '',
          tool_calls: [{ id: `call_${i}`, name: 'lookup', args: { query: `tides ${i}` } }],
          usage_metadata: {
            input_tokens: 40 + 25 * i,
            output_tokens: 240,
            total_tokens: 280 + 25 * i,
          },
        }),
    );
  }
  return model;
}
