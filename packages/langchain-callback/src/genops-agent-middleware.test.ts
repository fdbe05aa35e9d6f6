import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsConfigError, GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry, summarizeAwuTree } from '@genops/testing';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { genopsAgentMiddleware } from './genops-agent-middleware.js';
import { GenOpsCallbackHandler } from './genops-callback-handler.js';
import { createTestGovernor } from './test-support/create-test-governor.js';

const telemetry = createTestTelemetry();
afterAll(() => telemetry.shutdown());
afterEach(() => telemetry.reset());

async function settled(governor: Governor) {
  await governor.flush();
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

/** A fake tool-calling chat model that asks for the `lookup` tool on each of its `turns` turns. */
function loopingToolModel(turns: number, final?: string) {
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
  if (final !== undefined) {
    model.respond(
      new AIMessage({
        content: final,
        usage_metadata: { input_tokens: 120, output_tokens: 12, total_tokens: 132 },
      }),
    );
  }
  return model;
}

function lookupTool(failOn?: string) {
  const calls: string[] = [];
  const lookup = tool(
    async ({ query }) => {
      calls.push(query);
      if (query === failOn) throw new Error(`lookup service down for ${query}`);
      return `nothing found for ${query}`;
    },
    { name: 'lookup', description: 'Looks something up', schema: z.object({ query: z.string() }) },
  );
  return { lookup, calls };
}

const ask = { messages: [{ role: 'user', content: 'Research tides' }] };

describe('genopsAgentMiddleware', () => {
  it('governs each model call of an agent run and reconciles the run with their sum', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(2, 'Tides follow the moon.');
    const { lookup } = lookupTool();
    const agent = createAgent({
      model,
      tools: [lookup],
      name: 'researcher',
      middleware: [genopsAgentMiddleware({ governor, runLimitTokens: 5_000 })],
    });

    const result = await agent.invoke(ask, { metadata: { genops: { customer_id: 'acme' } } });

    expect(result.messages.at(-1)?.content).toBe('Tides follow the moon.');
    expect(Object.keys(result)).not.toContain('_genopsRunId');
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent researcher [agent] ALLOWED reserved=5000 actual=717 outcome=succeeded",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=250 actual=305 outcome=succeeded",
        "D<A chat FakeBuiltModel [inference] ALLOWED reserved=291 actual=132 outcome=succeeded",
      ]
    `);
    for (const span of spans) expect(span.attributes['genops.customer_id']).toBe('acme');
    expect(await governor.snapshot('monthly')).toMatchObject({ consumed: 717, reserved: 0 });
  });

  it("onRefused 'message': a runaway loop ends with an assistant message naming the reason", async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(10);
    const { lookup, calls } = lookupTool();
    const agent = createAgent({
      model,
      tools: [lookup],
      name: 'researcher',
      middleware: [
        genopsAgentMiddleware({ governor, runLimitTokens: 1_000, onRefused: 'message' }),
      ],
    });

    const result = await agent.invoke(ask);

    expect(model.callCount).toBe(3);
    expect(calls).toHaveLength(3);
    const last = result.messages.at(-1);
    expect(AIMessage.isInstance(last)).toBe(true);
    expect(last?.content).toMatchInlineSnapshot(
      `"I stopped here: governance refused this step (BLOCKED, BUDGET_RESERVATION_FAILED, policy "run-limit"): the run limit of 1000 tokens has 85 left, 332 needed."`,
    );
    expect(last?.response_metadata).toMatchObject({
      genops: {
        result: 'BLOCKED',
        reasonCode: 'BUDGET_RESERVATION_FAILED',
        policyName: 'run-limit',
      },
    });
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent researcher [agent] ALLOWED reserved=1000 actual=915 outcome=succeeded",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=250 actual=305 outcome=succeeded",
        "D<A chat FakeBuiltModel [inference] ALLOWED reserved=291 actual=330 outcome=succeeded",
        "E<A chat FakeBuiltModel [inference] BLOCKED:BUDGET_RESERVATION_FAILED outcome=refused",
      ]
    `);
  });

  it("onRefused 'throw': the invocation rejects with the GenOpsPolicyError as the cause", async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(10);
    const { lookup } = lookupTool();
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [genopsAgentMiddleware({ governor, runLimitTokens: 1_000 })],
    });

    const error = await agent.invoke(ask).catch((caught: unknown) => caught);

    // LangChain wraps errors thrown by middleware in a MiddlewareError (name kept, cause = ours).
    expect(error).toMatchObject({ name: 'GenOpsPolicyError' });
    const cause = (error as Error).cause;
    expect(GenOpsPolicyError.isInstance(cause)).toBe(true);
    expect((cause as GenOpsPolicyError).reasonCode).toBe('BUDGET_RESERVATION_FAILED');
    expect(model.callCount).toBe(3);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent [agent] ALLOWED reserved=1000 actual=915 (incomplete) outcome=failed",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=249 actual=305 outcome=succeeded",
        "D<A chat FakeBuiltModel [inference] ALLOWED reserved=289 actual=330 outcome=succeeded",
        "E<A chat FakeBuiltModel [inference] BLOCKED:BUDGET_RESERVATION_FAILED outcome=refused",
      ]
    `);
  });

  it('fails a model call that throws, and the run when the invocation ends without afterAgent', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(1).respond(new Error('upstream 503'));
    const { lookup } = lookupTool();
    const reported: string[] = [];
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [
        genopsAgentMiddleware({
          governor,
          runIdleTimeoutMs: 20,
          onError: (_error, info) => reported.push(info.hook),
        }),
      ],
    });

    await expect(agent.invoke(ask)).rejects.toThrow('upstream 503');
    await vi.waitFor(() => expect(reported).toEqual(['idle']));

    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent [agent] ALLOWED reserved=0 actual=329 (incomplete) outcome=failed",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=249 actual=49 (incomplete) outcome=failed",
      ]
    `);
  });

  it('closes the run of an invocation that the recursion limit ends', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(10);
    const { lookup } = lookupTool();
    const reported: string[] = [];
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [
        genopsAgentMiddleware({
          governor,
          runIdleTimeoutMs: 20,
          onError: (_error, info) => reported.push(info.hook),
        }),
      ],
    });

    await expect(agent.invoke(ask, { recursionLimit: 5 })).rejects.toThrow(/recursion limit/i);
    await vi.waitFor(() => expect(reported).toEqual(['idle']));

    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent [agent] ALLOWED reserved=0 actual=585 (incomplete) outcome=failed",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=249 actual=305 outcome=succeeded",
      ]
    `);
  });

  it('keeps governing when a tool error is handed back to the model', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(2, 'Done despite the outage.');
    const { lookup, calls } = lookupTool('tides 0');
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [genopsAgentMiddleware({ governor })],
    });

    const result = await agent.invoke(ask);

    expect(calls).toEqual(['tides 0', 'tides 1']);
    expect(result.messages.at(-1)?.content).toBe('Done despite the outage.');
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent [agent] ALLOWED reserved=0 actual=717 outcome=succeeded",
        "B<A chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "C<A chat FakeBuiltModel [inference] ALLOWED reserved=258 actual=305 outcome=succeeded",
        "D<A chat FakeBuiltModel [inference] ALLOWED reserved=298 actual=132 outcome=succeeded",
      ]
    `);
  });

  it('with a GenOpsCallbackHandler on the same agent, each model call is reserved once', async () => {
    const { governor } = createTestGovernor(telemetry);
    const model = loopingToolModel(1, 'Done.');
    const { lookup } = lookupTool();
    const agent = createAgent({
      model,
      tools: [lookup],
      name: 'researcher',
      middleware: [genopsAgentMiddleware({ governor })],
    });

    await agent.invoke(ask, { callbacks: [new GenOpsCallbackHandler({ governor })] });

    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent researcher [agent] ALLOWED reserved=0 actual=0 outcome=succeeded",
        "B agent researcher [agent] ALLOWED reserved=0 actual=412 outcome=succeeded",
        "C<B chat FakeBuiltModel [inference] ALLOWED reserved=209 actual=280 outcome=succeeded",
        "D<B chat FakeBuiltModel [inference] ALLOWED reserved=250 actual=132 outcome=succeeded",
      ]
    `);
    expect(await governor.snapshot('monthly')).toMatchObject({ consumed: 412, reserved: 0 });
  });

  it('validates its options', () => {
    const { governor } = createTestGovernor(telemetry);
    const attempt = (options: unknown) => {
      try {
        genopsAgentMiddleware(options as never);
      } catch (error) {
        return GenOpsConfigError.isInstance(error) ? error.field : error;
      }
      return 'accepted';
    };
    expect(attempt({ governor: {} })).toBe('governor');
    expect(attempt({ governor, onRefused: 'ignore' })).toBe('onRefused');
    expect(attempt({ governor, runIdleTimeoutMs: 0 })).toBe('runIdleTimeoutMs');
    expect(attempt({ governor, runLimitTokens: Number.NaN })).toBe('runLimitTokens');
    expect(attempt({ governor, onRefused: 'message', runLimitTokens: 10 })).toBe('accepted');
  });
});
