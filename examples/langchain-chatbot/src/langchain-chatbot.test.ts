import { checkTelemetry, readTelemetryFiles } from '@genops/conformance';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createGovernor } from '@genops/core';
import { NO_LATENCY } from '@genops/example-kit';
import { runDemoSession, summarizeTurn } from '@genops/example-kit/testing';
import { HumanMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { createLangChainChatEngine } from './langchain-chat-engine.js';
import { OfflineChatModel } from './offline-chat-model.js';

describe('LangChain chatbot, scripted demo session on the offline model', () => {
  it('reaches ALLOWED, RATE_LIMITED, BLOCKED (model, budget), budget alerts and WARNING, with compliant telemetry', async () => {
    const { run, transcript } = await runDemoSession(
      'langchain-chatbot',
      createLangChainChatEngine,
    );

    expect(run.turns.map(summarizeTurn)).toMatchInlineSnapshot(`
      [
        "acme offline-helpdesk: ALLOWED · reserved 345 → actual 86",
        "acme offline-helpdesk: ALLOWED · reserved 401 → actual 162",
        "acme offline-helpdesk: ALLOWED · reserved 478 → actual 230",
        "acme offline-helpdesk: RATE_LIMITED · RATE_LIMITED by customer-rate-limit · retry-after",
        "globex gpt-4o: BLOCKED · POLICY_DENY_MODEL by model-allow-list",
        "globex offline-helpdesk: ALLOWED · reserved 651 → actual 174",
        "globex offline-helpdesk: ALLOWED · reserved 790 → actual 310",
        "globex offline-helpdesk: BLOCKED · BUDGET_RESERVATION_FAILED by customer-daily",
        "initech offline-helpdesk: ALLOWED · reserved 358 → actual 161",
        "initech offline-helpdesk: ALLOWED · reserved 481 → actual 287 · alert helpdesk-monthly 0.8",
        "initech offline-helpdesk: WARNING · BUDGET_RESERVATION_FAILED by helpdesk-monthly · reserved 610 → actual 361 · alert helpdesk-monthly 1",
      ]
    `);

    expect(transcript).toContain('⚠ OFFLINE built-in model');
    expect(transcript).toMatch(/✗ RATE_LIMITED by customer-rate-limit │ retry in \d+\.\d s/);
    expect(transcript).toContain('Budgets (tokens)');
    // The budget refusal caused by the growing history says what would make the question fit.
    expect(transcript).toMatch(
      /hint: ~[\d,]+ of the tokens needed are this conversation's history, sent \(and reserved\) with every question — \/new starts an empty conversation/,
    );
    expect(transcript).toContain('11 turns: 7 ALLOWED · 1 WARNING · 1 RATE_LIMITED · 2 BLOCKED');

    // Each turn is a chain AWU (the RunnableWithMessageHistory run) and, when it was not
    // refused before the model, an inference AWU beneath it.
    const inference = run.spans.filter(
      (span) => span.attributes['genops.operation.type'] === 'inference',
    );
    expect(inference).toHaveLength(11);
    expectGenOpsCompliant(run.spans);
    const report = checkTelemetry(await readTelemetryFiles([run.telemetryFile]));
    expect(report.verdict).toBe('compliant');
    expect(report.awuCount).toBe(run.spans.length);
  });
});

describe('OfflineChatModel', () => {
  const governor = createGovernor({
    attribution: { team: 'examples', project: 'offline-model', environment: 'test' },
  });

  it('reports usage_metadata counted by the tokenizer (invoke)', async () => {
    const model = new OfflineChatModel({ estimator: governor.estimator, latency: NO_LATENCY });
    const question = 'Where are my invoices?';
    const answer = await model.invoke([new HumanMessage(question)]);
    expect(answer.text).toMatch(/^Invoices are under Settings/);
    expect(answer.usage_metadata).toEqual({
      input_tokens: governor.estimator.countMessages(
        [{ role: 'user', content: question }],
        'offline-helpdesk',
      ),
      output_tokens: governor.estimator.countText(answer.text, 'offline-helpdesk'),
      total_tokens: expect.any(Number),
    });
  });

  it('streams and stops at maxTokens, the last chunk carrying usage and finish reason length', async () => {
    const model = new OfflineChatModel({
      estimator: governor.estimator,
      latency: NO_LATENCY,
      maxTokens: 20,
    });
    let text = '';
    let last: Awaited<ReturnType<typeof model.invoke>> | undefined;
    for await (const chunk of await model.stream('Explain API keys in detail')) {
      text += chunk.text;
      last = chunk;
    }
    expect(last?.usage_metadata?.output_tokens).toBe(
      governor.estimator.countText(text, 'offline-helpdesk'),
    );
    expect(last?.usage_metadata?.output_tokens).toBeLessThanOrEqual(20);
    expect(last?.response_metadata.finish_reason).toBe('length');
  });
});
