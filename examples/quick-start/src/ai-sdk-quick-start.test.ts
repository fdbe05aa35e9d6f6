/**
 * The AI SDK quick start of the README (and examples/README.md), mirrored line for line so that
 * it cannot rot. The only substitutions: `openai` talks to a local OpenAI-compatible server, the
 * streamed text is collected instead of written to stdout, and the test's OpenTelemetry SDK is
 * the global tracer provider the governor uses.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { genopsMiddleware } from '@genops/ai-sdk-middleware';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createGovernor, GenOpsPolicyError, modelPolicy, rateLimit } from '@genops/core';
import { createTestTelemetry } from '@genops/testing';
import { streamText, wrapLanguageModel } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('README quick start: Vercel AI SDK', () => {
  it('governs a streamText call, and refuses a model that is not allowed', async () => {
    const openai = createOpenAI({ baseURL: server.baseURL, apiKey: 'sk-test' }); // README: import { openai } from '@ai-sdk/openai'
    let printed = '';
    const refusals: string[] = [];

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

    const model = wrapLanguageModel({
      model: openai('gpt-4o-mini'),
      middleware: genopsMiddleware({ governor }),
    });

    const result = streamText({
      model,
      prompt: 'How do I reset my password?',
      maxOutputTokens: 400,
      providerOptions: { genops: { customer_id: 'acme', feature: 'helpdesk-chat' } },
      onError: ({ error }) => {
        if (GenOpsPolicyError.isInstance(error)) refusals.push(`refused: ${error.message}`); // README: console.error
      },
    });
    for await (const text of result.textStream) printed += text; // README: process.stdout.write(text)
    // ── end of snippet ──────────────────────────────────────────────────────────────────

    expect(printed).toBe(SERVER_ANSWER);
    expect(refusals).toEqual([]);

    // A model outside the allow-list: refused before the provider is called.
    const requestsBefore = server.requests.length;
    const refused = streamText({
      model: wrapLanguageModel({
        model: openai('gpt-4o'),
        middleware: genopsMiddleware({ governor }),
      }),
      prompt: 'How do I reset my password?',
      maxOutputTokens: 400,
      providerOptions: { genops: { customer_id: 'acme', feature: 'helpdesk-chat' } },
      onError: ({ error }) => {
        if (GenOpsPolicyError.isInstance(error)) refusals.push(`refused: ${error.message}`);
      },
    });
    for await (const text of refused.textStream) printed += text;
    expect(refusals).toEqual([
      'refused: GenOps BLOCKED by policy "model-policy" (POLICY_DENY_MODEL): model openai:gpt-4o matches no allow pattern',
    ]);
    expect(server.requests.length).toBe(requestsBefore);
    expect(server.requests.map((request) => request.path)).toEqual(['/v1/responses']);

    await governor.flush();
    const spans = await telemetry.spans();
    expectGenOpsCompliant(spans);
    const inputTokens = governor.estimator.countMessages(
      [{ role: 'user', content: 'How do I reset my password?' }],
      'gpt-4o-mini',
    );
    expect(
      spans.map((span) => ({
        model: span.attributes['gen_ai.request.model'],
        result: span.attributes['genops.policy.result'],
        reasonCode: span.attributes['genops.policy.reason_code'],
        reserved: span.attributes['genops.accounting.reserved'],
        actual: span.attributes['genops.accounting.actual'],
        customer: span.attributes['genops.customer_id'],
      })),
    ).toEqual([
      {
        model: 'gpt-4o-mini',
        result: 'ALLOWED',
        reasonCode: undefined,
        reserved: inputTokens + 400,
        actual: SERVER_USAGE.input + SERVER_USAGE.output,
        customer: 'acme',
      },
      {
        model: 'gpt-4o',
        result: 'BLOCKED',
        reasonCode: 'POLICY_DENY_MODEL',
        reserved: undefined,
        actual: undefined,
        customer: 'acme',
      },
    ]);
    await governor.shutdown();
  });
});
