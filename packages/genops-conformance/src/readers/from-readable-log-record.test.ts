import { describe, expect, it } from 'vitest';
import { allowedAwuViaLogs } from '../test-support/awu-specs.js';
import { emitWithSdk3 } from '../test-support/emit-with-sdk.js';
import { fromReadableLogRecord } from './from-readable-log-record.js';
import { fromReadableSpan } from './from-readable-span.js';

describe('SDK readers', () => {
  it('normalizes SDK 3.x log records: event name, span context, time, attributes', async () => {
    const { spans, logs } = await emitWithSdk3([allowedAwuViaLogs()], { fixedIds: true });
    const record = logs[0];
    if (record === undefined) throw new Error('no log record');
    expect(fromReadableLogRecord(record)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e0001',
      spanId: '00f067aa0ba90001',
      eventName: 'genops.policy.evaluated',
      timeUnixNano: 1_767_225_600_010_000_000n,
      attributes: { 'genops.policy.result': 'ALLOWED', 'genops.policy.name': 'model-allowlist' },
    });
    expect(spans[0] && fromReadableSpan(spans[0]).events).toEqual([]);
  });

  it('falls back to the event.name attribute and omits a missing span context', () => {
    expect(
      fromReadableLogRecord({
        hrTime: [1, 5],
        attributes: { 'event.name': 'genops.budget.alert' },
      }),
    ).toEqual({
      eventName: 'genops.budget.alert',
      timeUnixNano: 1_000_000_005n,
      attributes: { 'event.name': 'genops.budget.alert' },
    });
  });
});
