import { checkTelemetry, readTelemetryFiles } from '@genops/conformance';
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createGovernor } from '@genops/core';
import { runDemoSession, summarizeTurn } from '@genops/example-kit/testing';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createAiSdkChatEngine } from './ai-sdk-chat-engine.js';
import { createOfflineLanguageModel } from './offline-language-model.js';

describe('AI SDK chatbot, scripted demo session on the offline model', () => {
  it('reaches ALLOWED, RATE_LIMITED, BLOCKED (model, budget), budget alerts and WARNING, with compliant telemetry', async () => {
    const { run, transcript } = await runDemoSession('ai-sdk-chatbot', createAiSdkChatEngine);

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

    // The banner labels the offline model; refusals explain themselves; a summary closes.
    expect(transcript).toContain('⚠ OFFLINE built-in model');
    expect(transcript).toMatch(/✗ RATE_LIMITED by customer-rate-limit │ retry in \d+\.\d s/);
    expect(transcript).toContain('budget customer-daily');
    expect(transcript).toContain('Budgets (tokens)');
    // The budget refusal caused by the growing history says what would make the question fit.
    expect(transcript).toMatch(
      /hint: ~[\d,]+ of the tokens needed are this conversation's history, sent \(and reserved\) with every question — \/new starts an empty conversation/,
    );
    expect(transcript).toContain('11 turns: 7 ALLOWED · 1 WARNING · 1 RATE_LIMITED · 2 BLOCKED');

    // Every model call is an AWU in the OTLP/JSON file, which passes the conformance check.
    expect(run.spans).toHaveLength(11);
    expectGenOpsCompliant(run.spans);
    const report = checkTelemetry(await readTelemetryFiles([run.telemetryFile]));
    expect(report.verdict).toBe('compliant');
    expect(report.awuCount).toBe(11);
  });
});

describe('createOfflineLanguageModel', () => {
  const governor = createGovernor({
    attribution: { team: 'examples', project: 'offline-model', environment: 'test' },
  });
  const model = createOfflineLanguageModel({
    estimator: governor.estimator,
    latency: { firstTokenMs: 0, tokensPerSecond: 0 },
  });

  it('answers with usage counted by the tokenizer (generate)', async () => {
    const result = await generateText({ model, prompt: 'How do I reset my password?' });
    expect(result.text).toMatch(/^To reset your password/);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(
      governor.estimator.countMessages(
        [{ role: 'user', content: 'How do I reset my password?' }],
        'offline-helpdesk',
      ),
    );
    expect(result.usage.outputTokens).toBe(
      governor.estimator.countText(result.text, 'offline-helpdesk'),
    );
  });

  it('streams, and stops at maxOutputTokens with finish reason length', async () => {
    const result = streamText({ model, prompt: 'Explain API keys in detail', maxOutputTokens: 20 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(await result.finishReason).toBe('length');
    expect((await result.usage).outputTokens).toBe(
      governor.estimator.countText(text, 'offline-helpdesk'),
    );
    expect((await result.usage).outputTokens).toBeLessThanOrEqual(20);
  });
});
