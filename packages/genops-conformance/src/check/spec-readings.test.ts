import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../report/conformance-report.js';
import { formatReport } from '../report/format-report.js';
import {
  allowedAwu,
  blockedAwu,
  rateLimitedAfterReservationAwu,
  warningAwuWithSla,
} from '../test-support/awu-specs.js';
import {
  checkOtlpAwus,
  NO_VALUE,
  type OtlpAwu,
  otlpAwu,
  reorderEvents,
  setAttributes,
  setEventAttributes,
} from '../test-support/otlp-awus.js';

/**
 * The holes and false alarms mutation testing found (issue 21), each on a hand-built OTLP/JSON
 * AWU read back through the CLI's reader. allowedAwu events: 0-1 decisions, 2 USD reservation
 * (team-monthly), 3 token reservation (team-tokens), 4 USD reconciliation (team-monthly), 5 cost.
 */

const rules = (report: ConformanceReport) => [...new Set(report.findings.map((f) => f.ruleId))];
const errorRules = (report: ConformanceReport) => [
  ...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)),
];
const allowed = () => otlpAwu(allowedAwu());
const blocked = () => otlpAwu(blockedAwu());
const warning = () => otlpAwu(warningAwuWithSla());

describe('misses: violations the validator now reports', () => {
  it('an empty OTLP value as genops.policy.result, on the AWU or on its decision', () => {
    const onSpan = checkOtlpAwus([setAttributes(allowed(), { 'genops.policy.result': NO_VALUE })]);
    expect(errorRules(onSpan)).toEqual(
      expect.arrayContaining(['4.1/decision-state', '9.1.8/placeholder-value']),
    );
    const onEvent = checkOtlpAwus([
      setEventAttributes(allowed(), 0, { 'genops.policy.result': NO_VALUE }),
    ]);
    expect(errorRules(onEvent)).toEqual(
      expect.arrayContaining(['4.1/decision-state', '9.1.8/placeholder-value']),
    );
  });

  it('an empty OTLP value as the reason code of a BLOCKED AWU and its decision', () => {
    const awu = setEventAttributes(
      setAttributes(blocked(), { 'genops.policy.reason_code': NO_VALUE }),
      0,
      { 'genops.policy.reason_code': NO_VALUE },
    );
    const report = checkOtlpAwus([awu]);
    expect(report.verdict).toBe('non-compliant');
    expect(errorRules(report)).toEqual(
      expect.arrayContaining(['5.3/reason-code-required', '9.1.8/placeholder-value']),
    );
    expect(
      report.findings.filter((f) => f.ruleId === '5.3/reason-code-required').map((f) => f.event),
    ).toEqual([undefined, 'genops.policy.evaluated']);
  });

  it('NaN or Infinity as an int64 (genops.tokens.input sent as a doubleValue) is a type error', () => {
    for (const doubleValue of ['NaN', 'Infinity', '-Infinity']) {
      const report = checkOtlpAwus([
        setAttributes(allowed(), { 'genops.tokens.input': { otlp: { doubleValue } } }),
      ]);
      expect(errorRules(report), doubleValue).toEqual(['7/attribute-type']);
      expect(report.findings[0]?.spec).toEqual({
        section: 'Appendix A',
        text: 'genops.tokens.input | int64',
      });
      expect(formatReport(report)).toContain(
        `    - genops.tokens.input on the AWU must be int64, got ${doubleValue} (Appendix A: "genops.tokens.input | int64")`,
      );
    }
  });

  it('a NaN reconciliation_delta, on the AWU or on the reconciliation, is as wrong as a wrong finite one', () => {
    const nan = { otlp: { doubleValue: 'NaN' } };
    const onSpan = checkOtlpAwus([
      setAttributes(allowed(), { 'genops.accounting.reconciliation_delta': nan }),
    ]);
    expect(errorRules(onSpan)).toEqual(['8.3/reconciliation-delta']);
    expect(onSpan.verdict).toBe('partial');
    const onEvent = checkOtlpAwus([
      setEventAttributes(allowed(), 4, { 'genops.accounting.reconciliation_delta': nan }),
    ]);
    expect(errorRules(onEvent)).toEqual(['8.3/reconciliation-delta']);
  });

  it('pairs reservations and reconciliations by budget: a token budget reconciled in USD is caught', () => {
    const base = allowed();
    const usdReconciliation = base.events[4];
    if (usdReconciliation === undefined) throw new Error('no reconciliation');
    const awu: OtlpAwu = {
      ...base,
      events: [
        ...base.events.slice(0, 5),
        {
          ...usdReconciliation,
          attributes: { ...usdReconciliation.attributes, 'genops.budget.name': 'team-tokens' },
        },
        ...base.events.slice(5),
      ],
    };
    const report = checkOtlpAwus([awu]);
    expect(errorRules(report)).toEqual(['3.3/reconciliation-matches-reservation']);
    expect(report.findings[0]?.message).toBe(
      'genops.budget.reconciliation #2 reconciles budget "team-tokens" in USD (reserved 0.02), but that budget was reserved in tokens (genops.budget.reservation #2: 500 tokens)',
    );
  });

  it('reconciling one reservation twice is caught', () => {
    const report = checkOtlpAwus([reorderEvents(allowed(), [0, 1, 2, 3, 4, 4, 5])]);
    expect(errorRules(report)).toEqual(['3.3/reconciliation-matches-reservation']);
  });

  it('validates decision values and reason codes wherever they appear, not only on decisions', () => {
    const report = checkOtlpAwus([
      setEventAttributes(allowed(), 2, {
        'genops.policy.result': 'allowed',
        'genops.policy.reason_code': 'over budget',
      }),
    ]);
    expect(errorRules(report)).toEqual(['4.1/decision-state', '5.4/reason-code-taxonomy']);
    expect(report.findings.every((f) => f.event === 'genops.budget.reservation')).toBe(true);
  });

  it('an AWU that visibly executed (output tokens) but neither reconciled nor recorded actual is an error', () => {
    const awu = reorderEvents(
      setAttributes(allowed(), {
        'genops.accounting.actual': undefined,
        'genops.accounting.reconciliation_delta': undefined,
      }),
      [0, 1, 2, 3, 5],
    );
    const report = checkOtlpAwus([awu]);
    expect(errorRules(report)).toEqual(['7.1/required-attribute', '3.3/reconciliation-recorded']);
    expect(rules(report)).not.toContain('7.2.1/stopped-after-reservation');
    expect(report.findings[0]?.message).toBe(
      'missing required attribute genops.accounting.actual (the AWU reached execution: it carries genops.tokens.output)',
    );
  });

  it('… and likewise with an SLA actual latency', () => {
    const awu = reorderEvents(
      setAttributes(warning(), { 'genops.accounting.actual': undefined }),
      [0, 1, 2, 3, 6],
    );
    expect(errorRules(checkOtlpAwus([awu]))).toEqual([
      '7.1/required-attribute',
      '3.3/reconciliation-recorded',
    ]);
  });
});

describe('false alarms: what the spec allows now passes', () => {
  it('a decision recorded after the reservation (2.4 gives the pre-execution phase no order)', () => {
    const report = checkOtlpAwus([reorderEvents(allowed(), [2, 0, 1, 3, 4, 5])]);
    expect(report.findings).toEqual([]);
  });

  it('a retry inside one AWU: RATE_LIMITED, then ALLOWED, then execution is a 4.3 warning', () => {
    const limit = (result: string) => ({
      name: 'genops.policy.evaluated',
      attributes: {
        'genops.policy.result': result,
        'genops.policy.name': 'requests-per-minute',
        ...(result === 'ALLOWED' ? {} : { 'genops.policy.reason_code': 'RATE_LIMITED' }),
      },
    });
    const base = allowed();
    const awu: OtlpAwu = {
      ...base,
      events: [limit('RATE_LIMITED'), limit('ALLOWED'), ...base.events],
    };
    const report = checkOtlpAwus([awu]);
    expect(report.verdict).toBe('compliant');
    expect(rules(report)).toEqual(['4.3/retry-in-same-awu']);
  });

  it('a rate limit merely followed by other policies allowing is not a retry: an error', () => {
    const awu = setEventAttributes(allowed(), 0, {
      'genops.policy.result': 'RATE_LIMITED',
      'genops.policy.reason_code': 'RATE_LIMITED',
    });
    expect(errorRules(checkOtlpAwus([awu]))).toEqual(['4.3/decision-consistency']);
  });

  it('a BLOCKED decision followed by execution is not a retry: still an error', () => {
    const awu = setEventAttributes(allowed(), 0, {
      'genops.policy.result': 'BLOCKED',
      'genops.policy.reason_code': 'POLICY_DENY_MODEL',
    });
    expect(errorRules(checkOtlpAwus([awu]))).toEqual(['4.3/decision-consistency']);
  });

  it('genops.customer_id or genops.session_id differing on an event is a warning, not an error', () => {
    const awu = setEventAttributes(
      setAttributes(allowed(), { 'genops.customer_id': 'acme', 'genops.session_id': 's-1' }),
      2,
      { 'genops.customer_id': 'globex', 'genops.session_id': 's-2' },
    );
    const report = checkOtlpAwus([awu]);
    expect(report.verdict).toBe('compliant');
    expect(rules(report)).toEqual(['7.3/customer-context-consistency']);
  });

  it('genops.team differing on an event is still an error (2.3)', () => {
    const awu = setEventAttributes(allowed(), 2, { 'genops.team': 'ads' });
    expect(errorRules(checkOtlpAwus([awu]))).toEqual(['2.3/attribution-consistency']);
  });
});

describe('deliberate readings', () => {
  it('a post-execution SLA_LATENCY_VIOLATION decision: WARNING passes, BLOCKED is a warning (it cannot stop what ran)', () => {
    const sla = warning();
    expect(sla.events[5]?.attributes['genops.policy.result']).toBe('WARNING');
    expect(checkOtlpAwus([sla]).findings).toEqual([]);
    const report = checkOtlpAwus([
      setEventAttributes(sla, 5, { 'genops.policy.result': 'BLOCKED' }),
    ]);
    expect(report.verdict).toBe('compliant');
    expect(rules(report)).toEqual(['6.4/post-execution-refusal']);
  });

  it('a post-execution decision for anything but an SLA violation is an error (8.1: pre-execution)', () => {
    const awu = setEventAttributes(warning(), 5, {
      'genops.policy.reason_code': 'POLICY_DENY_CONTENT',
    });
    expect(errorRules(checkOtlpAwus([awu]))).toEqual(['8.1/decision-pre-execution']);
  });

  it('a chain AWU that reserves 0 and reports its children as actual passes (2.5, 3.3)', () => {
    const chain: OtlpAwu = {
      name: 'chain RunnableWithMessageHistory',
      attributes: {
        ...blocked().attributes,
        'genops.operation.name': 'chain RunnableWithMessageHistory',
        'genops.operation.type': 'chain',
        'genops.policy.result': 'ALLOWED',
        'genops.policy.reason_code': { otlp: {} },
        'genops.accounting.reserved': 0,
        'genops.accounting.unit': 'tokens',
        'genops.accounting.actual': 86,
      },
      events: [
        { name: 'genops.policy.evaluated', attributes: { 'genops.policy.result': 'ALLOWED' } },
        {
          name: 'genops.budget.reservation',
          attributes: { 'genops.accounting.reserved': 0, 'genops.accounting.unit': 'tokens' },
        },
        {
          name: 'genops.budget.reconciliation',
          attributes: {
            'genops.accounting.actual': 86,
            'genops.accounting.reserved': 0,
            'genops.accounting.unit': 'tokens',
            'genops.accounting.reconciliation_delta': 86,
          },
        },
      ],
    };
    const report = checkOtlpAwus([
      setAttributes(chain, { 'genops.policy.reason_code': undefined }),
    ]);
    expect(report.findings).toEqual([]);
  });

  it('events without a timestamp keep their emission order instead of sorting first', () => {
    const base = allowed();
    const awu: OtlpAwu = {
      ...base,
      events: base.events.map((event, index) => (index === 4 ? { ...event, atMs: null } : event)),
    };
    expect(checkOtlpAwus([awu]).findings).toEqual([]);
  });

  it('"NA" is a placeholder like "n/a"', () => {
    const report = checkOtlpAwus([setAttributes(allowed(), { 'genops.environment': 'NA' })]);
    expect(errorRules(report)).toEqual(['9.1.8/placeholder-value']);
  });

  it('a refused AWU may declare its SLA tier and target without a latency it never measured', () => {
    const awu = setAttributes(blocked(), {
      'genops.sla.tier': 'premium',
      'genops.sla.latency_target_ms': 200,
    });
    expect(checkOtlpAwus([awu]).findings).toEqual([]);
    const halfDeclared = setAttributes(blocked(), { 'genops.sla.actual_latency_ms': 5 });
    expect(errorRules(checkOtlpAwus([halfDeclared]))).toEqual(['6.3/sla-attributes-complete']);
  });

  it('a RATE_LIMITED AWU stopped after a first reservation still passes', () => {
    expect(checkOtlpAwus([otlpAwu(rateLimitedAfterReservationAwu())]).findings).toEqual([]);
  });

  it('"default" is a name, not a placeholder', () => {
    expect(
      checkOtlpAwus([setAttributes(allowed(), { 'genops.environment': 'default' })]).findings,
    ).toEqual([]);
  });

  it('types are judged by value: an int64 written as a doubleValue, a double as an intValue', () => {
    const awu = setAttributes(allowed(), {
      'genops.tokens.input': { otlp: { doubleValue: 120 } },
      'genops.cost.total': { otlp: { intValue: '0' } },
    });
    expect(checkOtlpAwus([awu]).findings).toEqual([]);
    const fraction = setAttributes(allowed(), {
      'genops.tokens.input': { otlp: { doubleValue: 12.5 } },
    });
    expect(errorRules(checkOtlpAwus([fraction]))).toEqual(['7/attribute-type']);
  });

  it('two reservations of the same budget pass; the reconciliation settles one of them', () => {
    expect(checkOtlpAwus([reorderEvents(allowed(), [0, 1, 2, 2, 3, 4, 5])]).findings).toEqual([]);
  });

  it('amounts are compared with a relative tolerance of 1e-9', () => {
    const delta = (value: number) =>
      checkOtlpAwus([
        setAttributes(allowed(), { 'genops.accounting.reconciliation_delta': value }),
      ]);
    expect(delta(-0.005 * (1 + 1e-12)).findings).toEqual([]);
    expect(errorRules(delta(-0.005 * (1 + 1e-6)))).toEqual(['8.3/reconciliation-delta']);
  });

  it('events at the same time keep their emission order', () => {
    const base = allowed();
    const awu: OtlpAwu = { ...base, events: base.events.map((event) => ({ ...event, atMs: 10 })) };
    expect(checkOtlpAwus([awu]).findings).toEqual([]);
    const reversed = { ...awu, events: [...awu.events].reverse() };
    expect(rules(checkOtlpAwus([reversed]))).toContain('3.3/reservation-before-reconciliation');
  });
});
