/**
 * The LangChain quick start of the README (and examples/README.md), mirrored line for line so that
 * it cannot rot. The only substitutions: `ChatOpenAI` talks to a local OpenAI-compatible server,
 * output is collected instead of printed, and the test's OpenTelemetry SDK is the global tracer
 * provider the governor uses.
 */
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createGovernor, GenOpsPolicyError, modelPolicy, rateLimit } from '@genops/core';
import { GenOpsCallbackHandler } from '@genops/langchain-callback';
import { createTestTelemetry } from '@genops/testing';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type OpenAiCompatibleServer,
  SERVER_ANSWER,
  SERVER_USAGE,
  startOpenAiCompatibleServer,
} from './test-support/openai-compatible-server.js';

const telemetry = createTestTelemetry();
let server: OpenAiCompatibleServer;
beforeAll(async () => {
  server = await startOpenAiCompatibleServer();
});
afterAll(async () => {
  await server.close();
  await telemetry.shutdown();
});

describe('README quick start: LangChain.js', () => {
  it('governs a chain call, and refuses a model that is not allowed', async () => {
    const local = { apiKey: 'sk-test', configuration: { baseURL: server.baseURL } }; // README: OPENAI_API_KEY from the environment
    const printed: string[] = [];

    // ── README snippet ──────────────────────────────────────────────────────────────────
    const governor = createGovernor({
      attribution: { team: 'support', project: 'helpdesk-bot', environment: 'production' },
      budgets: [
        {
          name: 'support-monthly',
          limit: 2_000_000,
          unit: 'tokens',
          period: 'month',
          alertAt: [0.8],
        },
        {
          name: 'per-customer-daily',
          scope: { customer_id: '*' },
          limit: 20_000,
          unit: 'tokens',
          period: 'day',
        },
      ],
      policies: [
        modelPolicy({ allow: ['gpt-4o-mini*'] }),
        rateLimit({ name: 'per-customer', scope: { customer_id: '*' }, requestsPerMinute: 30 }),
      ],
    });
    const handler = new GenOpsCallbackHandler({ governor });

    const chain = ChatPromptTemplate.fromMessages([
      ['system', 'You are a helpdesk assistant. Answer briefly.'],
      ['human', '{question}'],
    ]).pipe(new ChatOpenAI({ model: 'gpt-4o-mini', maxTokens: 400, ...local }));

    const ask = async (question: string) => {
      try {
        const answer = await chain.invoke(
          { question },
          {
            callbacks: [handler],
            metadata: { genops: { customer_id: 'acme', feature: 'helpdesk-chat' } },
          },
        );
        printed.push(answer.text); // README: console.log(answer.text)
      } catch (error) {
        if (!GenOpsPolicyError.isInstance(error)) throw error;
        printed.push(`refused by ${error.policyName}: ${error.reasonCode}`); // README: console.error
      }
    };
    await ask('How do I reset my password?');
    // ── end of snippet ──────────────────────────────────────────────────────────────────

    expect(printed).toEqual([SERVER_ANSWER]);

    // A chain on a model outside the allow-list: refused before the provider is called.
    const premium = ChatPromptTemplate.fromMessages([['human', '{question}']]).pipe(
      new ChatOpenAI({ model: 'gpt-4o', maxTokens: 400, ...local }),
    );
    // LangChain logs every error a handler raises before rethrowing it; keep the test output clean.
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = await premium
      .invoke(
        { question: 'How do I reset my password?' },
        { callbacks: [handler], metadata: { genops: { customer_id: 'acme' } } },
      )
      .catch((caught: unknown) => caught);
    log.mockRestore();
    expect(GenOpsPolicyError.isInstance(error)).toBe(true);
    expect((error as GenOpsPolicyError).reasonCode).toBe('POLICY_DENY_MODEL');
    expect(server.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);

    await governor.flush();
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    const calls = spans.filter((span) => span.attributes['genops.operation.type'] === 'inference');
    const inputTokens = governor.estimator.countMessages(
      [
        { role: 'system', content: 'You are a helpdesk assistant. Answer briefly.' },
        { role: 'user', content: 'How do I reset my password?' },
      ],
      'gpt-4o-mini',
    );
    expect(calls).toHaveLength(2);
    expect(calls[0]?.attributes).toMatchObject({
      'genops.policy.result': 'ALLOWED',
      'genops.customer_id': 'acme',
      'genops.feature': 'helpdesk-chat',
      'genops.accounting.reserved': inputTokens + 400,
      'genops.accounting.actual': SERVER_USAGE.input + SERVER_USAGE.output,
    });
    expect(calls[1]?.attributes).toMatchObject({
      'genops.policy.result': 'BLOCKED',
      'genops.policy.reason_code': 'POLICY_DENY_MODEL',
      'gen_ai.request.model': 'gpt-4o',
    });
    await governor.shutdown();
  });
});
