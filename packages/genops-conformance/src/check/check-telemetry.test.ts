import { describe, expect, it } from 'vitest';
import { getRule, RULES } from '../registry/rule-registry.js';
import {
  allowedAwu,
  allowedAwuViaBoth,
  allowedAwuViaLogs,
  compliantAwus,
  withAttributes,
  withEvents,
} from '../test-support/awu-specs.js';
import { emitWithSdk2, emitWithSdk3 } from '../test-support/emit-with-sdk.js';
import { buildCase, RULE_CASES } from '../test-support/rule-cases.js';
import { checkSpans } from './check-spans.js';
import { checkTelemetry } from './check-telemetry.js';

describe('checkTelemetry: one hand-built violation per rule', () => {
  it('has at least one case for every rule of the registry', () => {
    const covered = new Set(RULE_CASES.map((ruleCase) => ruleCase.ruleId));
    expect(RULES.filter((rule) => !covered.has(rule.id)).map((rule) => rule.id)).toEqual([]);
  });

  it.each(
    RULE_CASES.map((ruleCase) => [`${ruleCase.ruleId}: ${ruleCase.title}`, ruleCase] as const),
  )('%s', async (_name, ruleCase) => {
    const report = checkTelemetry(await buildCase(ruleCase));
    expect([...new Set(report.findings.map((finding) => finding.ruleId))]).toEqual([
      ruleCase.ruleId,
    ]);
    const rule = getRule(ruleCase.ruleId);
    const expectedVerdict =
      rule.severity === 'warning'
        ? 'compliant'
        : rule.category === 'accounting-invariant'
          ? 'partial'
          : 'non-compliant';
    expect(report.verdict).toBe(expectedVerdict);
    for (const finding of report.findings) {
      expect(finding.section).toBe(rule.section);
      expect(finding.severity).toBe(rule.severity);
      expect(finding.message).not.toBe('');
    }
  });
});

describe('checkTelemetry: compliant AWUs', () => {
  it('passes every compliant shape emitted with SDK 3.x, with no finding at all', async () => {
    const { spans } = await emitWithSdk3(compliantAwus());
    const report = checkSpans(spans);
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({
      verdict: 'compliant',
      awuCount: 4,
      spanCount: 4,
      counts: { errors: 0, warnings: 0, awusWithErrors: 0, byRule: {} },
    });
  });

  it('passes the same shapes emitted with SDK 2.x (sdk-trace-base 2)', async () => {
    const spans = await emitWithSdk2(compliantAwus());
    expect(checkSpans(spans).findings).toEqual([]);
  });

  it('passes events emitted as log records, correlated to their AWU by span id', async () => {
    const telemetry = await emitWithSdk3([allowedAwuViaLogs(), allowedAwu()]);
    expect(telemetry.logs).toHaveLength(allowedAwu().events.length);
    const report = checkTelemetry(telemetry);
    expect(report.findings).toEqual([]);
    expect(report.eventCount).toBe(2 * allowedAwu().events.length);
    expect(report.logRecordCount).toBe(allowedAwu().events.length);
  });

  it('judges events mirrored to span events and log records once, whatever the log clock', async () => {
    const telemetry = await emitWithSdk3([allowedAwuViaBoth()], { logClockSkewMs: -9 });
    expect(telemetry.logs).toHaveLength(6);
    const report = checkTelemetry(telemetry);
    expect(report.findings).toEqual([]);
    expect(report.eventCount).toBe(6);
  });

  it('merges span events and log records by time when they are different events', async () => {
    const awu = withEvents(allowedAwu(), (events) =>
      events.map((event, index) => (index % 2 === 0 ? { ...event, via: 'log' as const } : event)),
    );
    const report = checkTelemetry(await emitWithSdk3([awu]));
    expect(report.findings).toEqual([]);
    expect(report.eventCount).toBe(6);
    // Log clock 15 ms behind: the reconciliation (log) now precedes the token reservation (span).
    const skewed = checkTelemetry(await emitWithSdk3([awu], { logClockSkewMs: -15 }));
    expect(skewed.findings.map((finding) => finding.ruleId)).toEqual([
      '3.3/reservation-before-reconciliation',
    ]);
  });

  it('judges log-record events like span events (lifecycle order across log records)', async () => {
    const logs = allowedAwuViaLogs();
    const reordered = withEvents(logs, (events) => [
      ...events.slice(0, 2),
      ...events.slice(3, 5),
      ...events.slice(2, 3),
      ...events.slice(5),
    ]);
    const report = checkTelemetry(await emitWithSdk3([reordered]));
    expect(report.findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      [
        '3.3/reservation-before-reconciliation',
        'genops.budget.reservation #2 (log record) comes after genops.budget.reconciliation #1 (log record)',
      ],
    ]);
  });

  it('ignores non-AWU spans and implementation-specific attributes outside genops.*', async () => {
    const { spans } = await emitWithSdk3([
      withAttributes(allowedAwu(), { 'genopsjs.accounting.incomplete': true }),
      { name: 'GET /health', attributes: { 'http.request.method': 'GET' }, events: [] },
    ]);
    const report = checkSpans(spans);
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ awuCount: 1, spanCount: 2 });
  });

  it('treats decisions after the reconciliation as post-execution, not compared with the AWU', async () => {
    const spans = (await emitWithSdk3([compliantAwus()[1] ?? allowedAwu()])).spans;
    expect(spans[0]?.events.at(-2)?.attributes?.['genops.policy.reason_code']).toBe(
      'SLA_LATENCY_VIOLATION',
    );
    expect(checkSpans(spans).verdict).toBe('compliant');
  });
});

describe('checkTelemetry: behaviour', () => {
  it('returns the same findings for SDK 2.x and SDK 3.x spans of the same AWUs', async () => {
    for (const ruleCase of RULE_CASES) {
      if (ruleCase.awus === undefined) continue;
      const v3 = checkSpans((await emitWithSdk3(ruleCase.awus, { fixedIds: true })).spans);
      const v2 = checkSpans(await emitWithSdk2(ruleCase.awus, { fixedIds: true }));
      expect(v2.findings, ruleCase.title).toEqual(v3.findings);
    }
  });

  it('reports findings with the AWU identity, attribute and event', async () => {
    const report = checkSpans(
      (
        await emitWithSdk3([withAttributes(allowedAwu(), { 'genops.team': null })], {
          fixedIds: true,
        })
      ).spans,
    );
    expect(report.findings).toEqual([
      {
        ruleId: '7.1/required-attribute',
        section: '7.1',
        severity: 'error',
        awu: {
          traceId: '4bf92f3577b34da6a3ce929d0e0e0001',
          spanId: '00f067aa0ba90001',
          name: 'chat gpt-4o-mini',
        },
        message: 'missing required attribute genops.team (required on every AWU)',
        attribute: 'genops.team',
        spec: {
          section: '§7.1',
          text: 'A compliant runtime MUST emit these attributes on every AWU, subject to the conditional exceptions below.',
        },
      },
    ]);
  });

  it('produces a JSON-serializable report', async () => {
    const report = checkTelemetry(
      await buildCase(RULE_CASES[3] ?? { ruleId: '9.4/awu-present', title: '' }),
    );
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('counts errors, warnings, AWUs with errors and findings per rule', async () => {
    const { spans } = await emitWithSdk3([
      withAttributes(allowedAwu(), { 'genops.team': null, 'genops.project': null }),
      withAttributes(allowedAwu(), { 'genops.x_flag': true }),
      allowedAwu(),
    ]);
    expect(checkSpans(spans)).toMatchObject({
      verdict: 'non-compliant',
      awuCount: 3,
      counts: {
        errors: 2,
        warnings: 1,
        awusWithErrors: 1,
        byRule: { '7.1/required-attribute': 2, '7/unknown-attribute': 1 },
      },
    });
  });

  it('rejects a spec version it cannot judge', () => {
    expect(() => checkSpans([], { specVersion: '0.2.0' })).toThrow(RangeError);
  });

  it('judges 20k AWUs with 6 events each in one pass', async () => {
    const { spans } = await emitWithSdk3([allowedAwu()], { fixedIds: true });
    const span = spans[0];
    if (span === undefined) throw new Error('no span');
    const many = Array.from({ length: 20_000 }, (_, index) => ({
      traceId: span.spanContext().traceId,
      spanId: (index + 1).toString(16).padStart(16, '0'),
      name: span.name,
      attributes: span.attributes,
      events: span.events.map((event) => ({
        name: event.name,
        timeUnixNano: BigInt(event.time[0]) * 1_000_000_000n + BigInt(event.time[1]),
        attributes: event.attributes ?? {},
      })),
    }));
    const report = checkSpans(many);
    expect(report).toMatchObject({ verdict: 'compliant', awuCount: 20_000, eventCount: 120_000 });
  });
});
