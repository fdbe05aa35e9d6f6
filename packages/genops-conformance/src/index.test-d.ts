import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ReadableSpan as ReadableSpan2 } from 'otel-sdk-trace-base-2';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AwuRef,
  type ConformanceReport,
  checkSpans,
  checkTelemetry,
  type LogRecordInput,
  type RuleId,
  SPEC_DECISION_SEVERITY,
  type SpanInput,
  type SpecReasonCode,
  type SpecReference,
  type Telemetry,
  type TelemetryInput,
  type Verdict,
} from './index.js';
import { type ExpectGenOpsCompliantOptions, expectGenOpsCompliant } from './vitest.js';

describe('public types', () => {
  it('accepts SDK 2.x and 3.x spans and SDK 3.x log records without depending on the SDK', () => {
    expectTypeOf<ReadableSpan>().toExtend<SpanInput>();
    expectTypeOf<ReadableSpan2>().toExtend<SpanInput>();
    expectTypeOf<ReadableLogRecord>().toExtend<LogRecordInput>();
    expectTypeOf<Telemetry>().toExtend<TelemetryInput>();
    expectTypeOf(checkSpans).parameter(0).toEqualTypeOf<readonly SpanInput[]>();
    expectTypeOf(checkTelemetry).returns.toEqualTypeOf<ConformanceReport>();
  });

  it('types verdicts, rule ids and findings', () => {
    expectTypeOf<ConformanceReport['verdict']>().toEqualTypeOf<Verdict>();
    expectTypeOf<Verdict>().toEqualTypeOf<'compliant' | 'partial' | 'non-compliant'>();
    expectTypeOf<'7.1/required-attribute'>().toExtend<RuleId>();
    // @ts-expect-error not a rule of the registry
    const unknownRule: RuleId = '7.1/made-up';
    void unknownRule;
    expectTypeOf<ConformanceReport['findings'][number]['awu']>().toEqualTypeOf<AwuRef | null>();
    expectTypeOf<ConformanceReport['findings'][number]['spec']>().toEqualTypeOf<SpecReference>();
    expectTypeOf<SpecReference>().toEqualTypeOf<{
      readonly section: string;
      readonly text: string;
    }>();
  });

  it('names registry exports apart from @genops/core (SPEC_ prefix)', () => {
    expectTypeOf<'x_custom'>().not.toExtend<SpecReasonCode>();
    expectTypeOf<'RATE_LIMITED'>().toExtend<SpecReasonCode>();
    expectTypeOf(SPEC_DECISION_SEVERITY.BLOCKED).toEqualTypeOf<number>();
  });

  it('lets the vitest helper take spans or { spans, logs }', () => {
    expectTypeOf(expectGenOpsCompliant)
      .parameter(0)
      .toEqualTypeOf<readonly SpanInput[] | TelemetryInput>();
    expectTypeOf<ExpectGenOpsCompliantOptions>().toHaveProperty('failOnWarnings');
  });
});
