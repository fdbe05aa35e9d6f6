import { describe, expect, it } from 'vitest';
import { checkTelemetry } from '../check/check-telemetry.js';
import type { Finding } from '../report/finding.js';
import { emitWithSdk3 } from '../test-support/emit-with-sdk.js';
import { FIXTURE_AWUS, readFixture } from '../test-support/fixtures.js';
import { parseOtlpJson } from './parse-otlp-json.js';
import { readOtlpJson } from './read-otlp-json.js';
import { TelemetryReadError } from './telemetry-read-error.js';

function withoutSource(findings: readonly Finding[]): Finding[] {
  return findings.map((finding) => {
    if (finding.awu === null) return finding;
    const { source: _source, ...awu } = finding.awu;
    return { ...finding, awu };
  });
}

describe('OTLP/JSON fixtures round-trip through the same rules as SDK spans', () => {
  it.each(Object.entries(FIXTURE_AWUS))('%s', async (name, awus) => {
    const fromFile = checkTelemetry(parseOtlpJson(readFixture(name), { source: name }));
    const fromSdk = checkTelemetry(await emitWithSdk3(awus, { fixedIds: true }));
    expect(withoutSource(fromFile.findings)).toEqual(fromSdk.findings);
    expect(fromFile.verdict).toBe(fromSdk.verdict);
    expect(fromFile.awuCount).toBe(fromSdk.awuCount);
    expect(fromFile.eventCount).toBe(fromSdk.eventCount);
  });

  it('gives the expected verdicts and findings', () => {
    const verdictOf = (name: string) =>
      checkTelemetry(parseOtlpJson(readFixture(name), { source: name }));
    expect(verdictOf('compliant.jsonl')).toMatchObject({
      verdict: 'compliant',
      awuCount: 3,
      spanCount: 4,
      logRecordCount: 6,
      eventCount: 13,
      findings: [],
    });
    expect(verdictOf('partial.json').findings.map((finding) => finding.ruleId)).toEqual([
      '3.3/reservation-recorded',
      '3.3/reconciliation-recorded',
    ]);
    expect(verdictOf('partial.json').verdict).toBe('partial');
    const nonCompliant = verdictOf('non-compliant.json');
    expect(nonCompliant.verdict).toBe('non-compliant');
    expect(nonCompliant.findings.map((finding) => finding.ruleId)).toEqual([
      '7.1/required-attribute',
      '5.4/reason-code-taxonomy',
      '5.4/reason-code-taxonomy',
      '7.2.1/no-reconciliation-when-refused',
    ]);
    expect(nonCompliant.findings[0]?.awu).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e0001',
      spanId: '00f067aa0ba90001',
      name: 'chat gpt-5',
      source: 'non-compliant.json',
    });
  });
});

describe('parseOtlpJson', () => {
  it('decodes AnyValues: string-encoded and big int64s, special doubles, arrays, maps, bytes, empty', () => {
    const { spans } = readOtlpJson({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '4BF92F3577B34DA6A3CE929D0E0E4736',
                  spanId: '00F067AA0BA902B7',
                  name: 'x',
                  attributes: [
                    { key: 'a', value: { intValue: '12' } },
                    { key: 'b', value: { intValue: '9223372036854775807' } },
                    { key: 'c', value: { doubleValue: 'NaN' } },
                    { key: 'd', value: { doubleValue: '-Infinity' } },
                    { key: 'e', value: { arrayValue: { values: [{ boolValue: true }] } } },
                    {
                      key: 'f',
                      value: {
                        kvlistValue: { values: [{ key: 'g', value: { stringValue: 'h' } }] },
                      },
                    },
                    { key: 'i', value: { bytesValue: 'AQI=' } },
                    { key: 'j', value: {} },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(spans[0]).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      name: 'x',
      attributes: {
        a: 12,
        b: 9223372036854775807n,
        c: Number.NaN,
        d: Number.NEGATIVE_INFINITY,
        e: [true],
        f: { g: 'h' },
        i: { bytesValue: 'AQI=' },
        j: null,
      },
      events: [],
    });
  });

  it('reads a logs-only file (spans may come from another file)', () => {
    const lines = readFixture('compliant.jsonl').split('\n');
    const telemetry = parseOtlpJson(lines[2] ?? '', { source: 'logs.jsonl' });
    expect(telemetry.spans).toEqual([]);
    expect(telemetry.logs).toHaveLength(6);
    expect(telemetry.logs[1]).toMatchObject({
      eventName: 'genops.policy.evaluated',
      timeUnixNano: 1_767_225_602_020_000_000n,
      source: 'logs.jsonl',
    });
  });

  it.each([
    ['', 'empty.json: is empty (expected OTLP/JSON)'],
    ['{"traces": []}', 'empty.json: the document has no resourceSpans or resourceLogs'],
    ['[1]', 'empty.json: the document is not a JSON object'],
    ['{"resourceSpans": {}}', 'empty.json: resourceSpans is not an array'],
    [
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"value":{}}]}]}]}]}',
      'empty.json: resourceSpans[0].scopeSpans[0].spans[0].attributes[0] has no string "key"',
    ],
    ['{"resourceMetrics": []}', 'empty.json: contains no resourceSpans or resourceLogs'],
    ['{\n"resourceSpans": [\n', 'empty.json: is not JSON'],
  ])('rejects %j with a message naming what is wrong', (text, message) => {
    const read = () => parseOtlpJson(text, { source: 'empty.json' });
    expect(read).toThrow(TelemetryReadError);
    expect(read).toThrow(message);
  });

  it('names the line of a JSON-lines file that is not JSON or not OTLP', () => {
    const notJson = () =>
      parseOtlpJson(readFixture('not-json.jsonl'), { source: 'not-json.jsonl' });
    expect(notJson).toThrow(/^not-json\.jsonl, line 2: is not JSON \(/);
    try {
      notJson();
    } catch (error) {
      expect(TelemetryReadError.isInstance(error) && error.line).toBe(2);
    }
    expect(() =>
      parseOtlpJson(readFixture('bad-int-value.jsonl'), { source: 'bad.jsonl' }),
    ).toThrow(
      'bad.jsonl, line 2: resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value has an intValue that is not an integer ("twelve")',
    );
  });
});
