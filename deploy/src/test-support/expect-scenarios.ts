import { expectGenOpsCompliant } from '@genops/conformance/vitest';
import { expect } from 'vitest';
import {
  type OpenAiCompatibleServer,
  SERVER_ANSWER,
  SERVER_USAGE,
} from '../../../examples/quick-start/src/test-support/openai-compatible-server.js';

/** A span as a runtime under test serialized it (deploy/fresh-app/lib/serialize-spans.js). */
export interface SerializedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: Record<string, unknown>;
  readonly events: { name: string; time: [number, number]; attributes: Record<string, unknown> }[];
}

interface ScenarioError {
  readonly error?: { message: string; stack?: string };
}

/** What the AI SDK scenario returns. */
export interface AiSdkResult extends ScenarioError {
  readonly runtime: string;
  readonly generateText: { text: string };
  readonly streamText: { text: string };
  readonly refusal: Record<string, unknown>;
  readonly spans: SerializedSpan[];
}

/** What the LangChain scenario returns. */
export interface LangChainResult extends ScenarioError {
  readonly runtime: string;
  readonly invoke: { text: string };
  readonly refusal: Record<string, unknown>;
  readonly spans: SerializedSpan[];
}

/** What the Redis scenario returns. */
export interface RedisResult extends ScenarioError {
  readonly text: string;
  readonly spans: SerializedSpan[];
}

/** Serialized spans as the `ReadableSpan`s `@genops/conformance` reads. */
function readable(spans: readonly SerializedSpan[]) {
  return spans.map((span) => ({
    ...span,
    spanContext: () => ({ traceId: span.traceId, spanId: span.spanId }),
  }));
}

function summarize(spans: readonly SerializedSpan[]) {
  return spans.map((span) => ({
    model: span.attributes['gen_ai.request.model'],
    result: span.attributes['genops.policy.result'],
    reasonCode: span.attributes['genops.policy.reason_code'],
    actual: span.attributes['genops.accounting.actual'],
  }));
}

const allowed = {
  model: 'gpt-4o-mini',
  result: 'ALLOWED',
  reasonCode: undefined,
  actual: SERVER_USAGE.input + SERVER_USAGE.output,
};
const refused = {
  model: 'gpt-4o',
  result: 'BLOCKED',
  reasonCode: 'POLICY_DENY_MODEL',
  actual: undefined,
};
const refusal = { thrown: true, isGenOpsPolicyError: true, reasonCode: 'POLICY_DENY_MODEL' };

/**
 * The AI SDK scenario ran as it must: `generateText` and `streamText` answered from the model
 * server, the refused call never reached it, and the three AWU spans are GenOps-compliant.
 */
export function expectAiSdkScenario(
  result: AiSdkResult | undefined,
  server: OpenAiCompatibleServer,
): void {
  expect(result?.error, 'the AI SDK scenario threw').toBeUndefined();
  if (result === undefined) throw new Error('no AI SDK result');
  expect(result.generateText.text).toBe(SERVER_ANSWER);
  expect(result.streamText.text).toBe(SERVER_ANSWER);
  expect(result.refusal).toMatchObject(refusal);
  expect(server.requests.map(({ path, body }) => [path, body.model, body.stream === true])).toEqual(
    [
      ['/v1/chat/completions', 'gpt-4o-mini', false],
      ['/v1/chat/completions', 'gpt-4o-mini', true],
    ],
  );
  expect(summarize(result.spans)).toEqual([allowed, allowed, refused]);
  expectGenOpsCompliant(readable(result.spans));
}

/**
 * The LangChain scenario ran as it must: the allowed chain answered from the model server, the
 * refused one never reached it, and the model AWUs are GenOps-compliant.
 */
export function expectLangChainScenario(
  result: LangChainResult | undefined,
  server: OpenAiCompatibleServer,
): void {
  expect(result?.error, 'the LangChain scenario threw').toBeUndefined();
  if (result === undefined) throw new Error('no LangChain result');
  expect(result.invoke.text).toBe(SERVER_ANSWER);
  expect(result.refusal).toMatchObject(refusal);
  expect(server.requests.map(({ path, body }) => [path, body.model])).toEqual([
    ['/v1/chat/completions', 'gpt-4o-mini'],
  ]);
  const inference = result.spans.filter(
    (span) => span.attributes['genops.operation.type'] === 'inference',
  );
  expect(summarize(inference)).toEqual([allowed, refused]);
  expectGenOpsCompliant(readable(result.spans));
}

/** The Redis scenario: one governed call, reconciled, with its AWU span compliant. */
export function expectRedisScenario(
  result: RedisResult | undefined,
  server: OpenAiCompatibleServer,
): void {
  expect(result?.error, 'the Redis scenario threw').toBeUndefined();
  if (result === undefined) throw new Error('no Redis result');
  expect(result.text).toBe(SERVER_ANSWER);
  expect(server.requests.map(({ path, body }) => [path, body.model])).toEqual([
    ['/v1/chat/completions', 'gpt-4o-mini'],
  ]);
  expect(summarize(result.spans)).toEqual([allowed]);
  expectGenOpsCompliant(readable(result.spans));
}
