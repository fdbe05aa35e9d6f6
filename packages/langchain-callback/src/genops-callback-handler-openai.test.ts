import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { GenOpsPolicyError, type Governor } from '@genops/core';
import { createTestTelemetry, summarizeAwuTree } from '@genops/testing';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { createAgent } from 'langchain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { genopsAgentMiddleware } from './genops-agent-middleware.js';
import { GenOpsCallbackHandler } from './genops-callback-handler.js';
import { createTestGovernor } from './test-support/create-test-governor.js';

/**
 * The real `@langchain/openai` client against a local server speaking the Chat Completions API:
 * JSON responses with `usage`, SSE streams ending with a usage chunk (`stream_options.include_usage`)
 * and provider errors.
 */
const telemetry = createTestTelemetry();
const requests: Record<string, unknown>[] = [];
let server: Server;
let baseURL: string;

const USAGE = {
  prompt_tokens: 31,
  completion_tokens: 9,
  total_tokens: 40,
  prompt_tokens_details: { cached_tokens: 16 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

function completion(body: Record<string, unknown>) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Tides follow the moon.' },
        finish_reason: 'stop',
      },
    ],
    usage: USAGE,
  };
}

function streamChunks(body: Record<string, unknown>) {
  const base = { id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: body.model };
  const pieces = ['Tides ', 'follow ', 'the moon.'];
  const chunks: unknown[] = [
    {
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    },
    ...pieces.map((content) => ({
      ...base,
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ];
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage === true) chunks.push({ ...base, choices: [], usage: USAGE });
  return chunks;
}

async function handle(request: IncomingMessage, response: ServerResponse) {
  let raw = '';
  for await (const chunk of request) raw += String(chunk);
  const body = JSON.parse(raw) as Record<string, unknown>;
  requests.push({ path: request.url, ...body });
  const prompt = JSON.stringify(body.messages);
  if (prompt.includes('fail please')) {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
    return;
  }
  if (body.stream === true) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const chunk of streamChunks(body)) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
    response.end('data: [DONE]\n\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(completion(body)));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(400);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await telemetry.shutdown();
});
afterEach(() => {
  telemetry.reset();
  requests.length = 0;
});

function chatOpenAI(fields: ConstructorParameters<typeof ChatOpenAI>[0] = {}) {
  return new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'sk-test',
    maxTokens: 64,
    maxRetries: 0,
    configuration: { baseURL },
    ...fields,
  });
}

const messages = [new SystemMessage('Be brief.'), new HumanMessage('Why are there tides?')];

async function settled(governor: Governor) {
  await governor.flush();
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

describe('GenOpsCallbackHandler with ChatOpenAI (Chat Completions over HTTP)', () => {
  it('reserves the prompt plus max_tokens and reconciles with the JSON usage', async () => {
    const { governor } = createTestGovernor(telemetry);

    const reply = await chatOpenAI().invoke(messages, {
      callbacks: [new GenOpsCallbackHandler({ governor })],
      metadata: { genops: { customer_id: 'acme' } },
    });

    expect(reply.content).toBe('Tides follow the moon.');
    expect(requests).toMatchObject([{ path: '/v1/chat/completions', max_tokens: 64 }]);
    const spans = await settled(governor);
    const prompt = governor.estimator.countMessages(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Why are there tides?' },
      ],
      'gpt-4o-mini',
    );
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chat gpt-4o-mini [inference] ALLOWED reserved=83 actual=40 outcome=succeeded",
      ]
    `);
    expect(spans[0]?.attributes).toMatchObject({
      'genops.accounting.reserved': prompt + 64,
      'genops.accounting.actual': 40,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'genops.tokens.input': 31,
      'genops.tokens.output': 9,
      'genops.customer_id': 'acme',
    });
  });

  it('streams over SSE and reconciles with the usage of the last chunk', async () => {
    const { governor } = createTestGovernor(telemetry);
    const handler = new GenOpsCallbackHandler({ governor });

    let text = '';
    for await (const chunk of await chatOpenAI().stream(messages, { callbacks: [handler] })) {
      text += String(chunk.content);
    }

    expect(text).toBe('Tides follow the moon.');
    expect(requests).toMatchObject([{ stream: true, stream_options: { include_usage: true } }]);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chat gpt-4o-mini [inference] ALLOWED reserved=83 actual=40 outcome=succeeded",
      ]
    `);
    expect(spans[0]?.attributes['genops.tokens.input']).toBe(31);
  });

  it('refuses before any HTTP request is made', async () => {
    const { governor } = createTestGovernor(telemetry, {
      budgets: [{ name: 'tiny', limit: 50, unit: 'tokens', period: 'month' }],
    });

    const error = await chatOpenAI()
      .invoke(messages, { callbacks: [new GenOpsCallbackHandler({ governor })] })
      .catch((caught: unknown) => caught);

    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect(requests).toEqual([]);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chat gpt-4o-mini [inference] BLOCKED:BUDGET_RESERVATION_FAILED outcome=refused",
      ]
    `);
  });

  it('reconciles a provider error with the prompt that was sent', async () => {
    const { governor } = createTestGovernor(telemetry);

    await expect(
      chatOpenAI().invoke([new HumanMessage('fail please')], {
        callbacks: [new GenOpsCallbackHandler({ governor })],
      }),
    ).rejects.toThrow(/upstream exploded/);

    expect(requests).toHaveLength(1);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A chat gpt-4o-mini [inference] ALLOWED reserved=73 actual=9 (incomplete) outcome=failed",
      ]
    `);
  });

  it('genopsAgentMiddleware reads provider, model and max_tokens from the ChatOpenAI instance', async () => {
    const { governor } = createTestGovernor(telemetry);
    const agent = createAgent({
      model: chatOpenAI(),
      tools: [],
      name: 'explainer',
      systemPrompt: 'Be brief.',
      middleware: [genopsAgentMiddleware({ governor, runLimitTokens: 1_000 })],
    });

    const result = await agent.invoke({ messages: [new HumanMessage('Why are there tides?')] });

    expect(result.messages.at(-1)?.content).toBe('Tides follow the moon.');
    expect(requests).toMatchObject([{ max_tokens: 64 }]);
    const spans = await settled(governor);
    expect(summarizeAwuTree(spans)).toMatchInlineSnapshot(`
      [
        "A agent explainer [agent] ALLOWED reserved=1000 actual=40 outcome=succeeded",
        "B<A chat gpt-4o-mini [inference] ALLOWED reserved=83 actual=40 outcome=succeeded",
      ]
    `);
    expect(spans.find((span) => span.name === 'chat gpt-4o-mini')?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      // The prompt (19 tokens) plus max_tokens (64) read from the ChatOpenAI instance.
      'genops.accounting.reserved': 19 + 64,
      'genops.tokens.input': 31,
    });
  });
});
