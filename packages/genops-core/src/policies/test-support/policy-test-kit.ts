/**
 * Shared set-up of the policy and pricing tests (not part of the package: nothing imports it but
 * tests). One OpenTelemetry SDK per test file, a clock the test moves, and helpers that assert every
 * batch of spans with the GenOps conformance checker.
 */
import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { createTestTelemetry, type SpanSummary, summarizeSpans } from '@genops/testing';
import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach } from 'vitest';
import type { TokenUsage } from '../../accounting/token-usage.js';
import type { AwuRequest } from '../../awu-request.js';
import { GenOpsPolicyError } from '../../errors/genops-policy-error.js';
import { createGovernor, type Governor } from '../../governor.js';
import type { GovernorOptions } from '../../governor-options.js';

export const attribution = { team: 'support', project: 'helpdesk-bot', environment: 'production' };
export const START_MS = Date.UTC(2026, 10, 21, 12);

/** Registers the SDK for the calling test file and resets it between tests. */
export function useTelemetry() {
  const telemetry = createTestTelemetry();
  afterEach(() => telemetry.reset());
  afterAll(() => telemetry.shutdown());
  return telemetry;
}

/** A clock the test moves by hand. */
export function manualClock(startMs = START_MS) {
  let nowMs = startMs;
  return {
    nowMs: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
    set(ms: number) {
      nowMs = ms;
    },
  };
}

/** A model call with a precomputed estimate: 100 input tokens, 50 output tokens reserved. */
export const call: AwuRequest = {
  operation: { name: 'chat gpt-4o', type: 'inference' },
  attribution: { customer_id: 'acme' },
  provider: 'openai',
  model: 'gpt-4o',
  inputTokens: 100,
  maxOutputTokens: 50,
};

/** A governor with the test clock, errors collected instead of logged. */
export function governorFor(
  options: Omit<GovernorOptions, 'attribution'>,
  errors: unknown[] = [],
): Governor {
  return createGovernor({
    attribution,
    warmup: false,
    onError: (error) => errors.push(error),
    ...options,
  });
}

/** Runs one call through `execute`; resolves with the refusal, if any, instead of throwing it. */
export async function runCall(
  governor: Governor,
  request: AwuRequest = call,
  usage: TokenUsage = { inputTokens: 100, outputTokens: 40 },
  during?: () => void,
): Promise<GenOpsPolicyError | undefined> {
  try {
    await governor.execute(request, async () => {
      during?.();
      return { value: 'ok', usage };
    });
    return undefined;
  } catch (error) {
    if (GenOpsPolicyError.isInstance(error)) return error;
    throw error;
  }
}

/** Finished spans, asserted GenOps compliant. */
export async function compliantSpans(
  telemetry: ReturnType<typeof useTelemetry>,
): Promise<ReadableSpan[]> {
  const spans = await telemetry.spans();
  expectGenOpsCompliant(spans);
  return spans;
}

/** The summarized spans (stable for inline snapshots), asserted GenOps compliant. */
export async function summaries(
  telemetry: ReturnType<typeof useTelemetry>,
): Promise<SpanSummary[]> {
  return summarizeSpans(await compliantSpans(telemetry));
}

/** Attributes of every `genops.policy.evaluated` event of a summarized span. */
export function decisions(span: SpanSummary | undefined): Attributes[] {
  return (span?.events ?? [])
    .filter((event) => event.name === 'genops.policy.evaluated')
    .map((event) => event.attributes);
}
