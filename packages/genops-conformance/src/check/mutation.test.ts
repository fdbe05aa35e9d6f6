import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent, TelemetrySpan } from '../model/telemetry.js';
import { DECISION_STATES } from '../registry/decision-states.js';
import { GENOPS_EVENTS } from '../registry/event-registry.js';
import { PLACEHOLDER_STRINGS } from '../registry/placeholder-values.js';
import { EXTENSION_REASON_CODE_PATTERN, SPEC_REASON_CODES } from '../registry/reason-codes.js';
import { getRule, RULES } from '../registry/rule-registry.js';
import type { ConformanceReport } from '../report/conformance-report.js';
import { type BaseAwu, compliantBases, type Mutant, mutantsOf } from '../test-support/mutants.js';
import { checkSpans } from './check-spans.js';

const BASES = compliantBases();
const MUTANTS = BASES.flatMap(mutantsOf);
const ruleIds = (report: ConformanceReport) => new Set(report.findings.map((f) => f.ruleId));

/** Why a mutant escaped, or `undefined` when its rule caught it (and the verdict says so). */
function escapeOf(mutant: Mutant): string | undefined {
  const report = checkSpans(mutant.spans);
  const found = ruleIds(report);
  const rule = getRule(mutant.expected);
  if (
    found.has(mutant.expected) &&
    (rule.severity === 'warning' || report.verdict !== 'compliant')
  ) {
    return undefined;
  }
  return `${mutant.name}: expected ${mutant.expected}, got ${report.verdict} [${[...found].join(', ')}]`;
}

function at(events: readonly TelemetryEvent[], index: number): TelemetryEvent {
  const event = events[index];
  if (event === undefined) throw new Error(`no event ${index}`);
  return event;
}

function reordered(span: TelemetrySpan, order: readonly number[]): TelemetrySpan {
  const start = span.events[0]?.timeUnixNano ?? 1n;
  return {
    ...span,
    events: order.map((index, position) => ({
      ...at(span.events, index),
      timeUnixNano: start + BigInt(position) * 1_000_000n,
    })),
  };
}

function withSpanAttribute(span: TelemetrySpan, key: string, value: unknown): TelemetrySpan {
  return { ...span, attributes: { ...span.attributes, [key]: value } };
}

describe('mutation testing: one forbidden change to a compliant AWU, one rule that must catch it', () => {
  it('starts from compliant AWUs: the hand-built shapes and one AWU of each demo shape', () => {
    expect(BASES.length).toBeGreaterThanOrEqual(12);
    for (const base of BASES) expect(checkSpans([base.span]).findings, base.name).toEqual([]);
  });

  it('has a mutant for every rule of the registry, so a new rule comes with its mutants', () => {
    const covered = new Set(MUTANTS.map((mutant) => mutant.expected));
    expect(RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(MUTANTS.length).toBeGreaterThan(1000);
  });

  it.each(BASES.map((base) => [base.name, base] as const))(
    'every mutant of %s is caught',
    (_name, base: BaseAwu) => {
      const escaped = mutantsOf(base)
        .map(escapeOf)
        .filter((line) => line !== undefined);
      expect(escaped).toEqual([]);
    },
  );
});

describe('property: random event orders of an AWU that executed', () => {
  const executed = BASES.filter((base) =>
    base.span.events.some((event) => event.name === GENOPS_EVENTS.budgetReconciliation),
  );

  it.each(executed.map((base) => [base.name, base] as const))(
    '%s: out of order exactly when a reservation or a non-SLA decision follows execution',
    (_name, base: BaseAwu) => {
      const { events } = base.span;
      const indexes = events.map((_event, index) => index);
      fc.assert(
        fc.property(
          fc.shuffledSubarray(indexes, { minLength: indexes.length, maxLength: indexes.length }),
          (order) => {
            const names = order.map((index) => at(events, index));
            const start = names.findIndex(
              (event) => event.name === GENOPS_EVENTS.budgetReconciliation,
            );
            const after = names.slice(start + 1);
            const lateReservation = after.some(
              (event) => event.name === GENOPS_EVENTS.budgetReservation,
            );
            const lateDecision = after.some(
              (event) =>
                event.name === GENOPS_EVENTS.policyEvaluated &&
                event.attributes['genops.policy.reason_code'] !== 'SLA_LATENCY_VIOLATION',
            );
            const report = checkSpans([reordered(base.span, order)]);
            const found = ruleIds(report);
            expect(found.has('3.3/reservation-before-reconciliation')).toBe(lateReservation);
            expect(found.has('8.1/decision-pre-execution')).toBe(lateDecision);
            if (!lateReservation && !lateDecision) expect(report.counts.errors).toBe(0);
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});

describe('property: random values of closed-set, placeholder and int64 attributes', () => {
  const [allowed, , blocked] = BASES;
  if (allowed === undefined || blocked === undefined) throw new Error('no bases');

  it('a genops.policy.result outside the four states is always 4.1/decision-state', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...DECISION_STATES)), (value) => {
        const found = ruleIds(
          checkSpans([withSpanAttribute(allowed.span, 'genops.policy.result', value)]),
        );
        expect(found.has('4.1/decision-state')).toBe(
          !(DECISION_STATES as readonly string[]).includes(value),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('a reason code is a taxonomy code, a valid x_ code (5.5), or a finding', () => {
    const codes = fc.oneof(
      fc.string(),
      fc.constantFrom(...SPEC_REASON_CODES),
      fc.string().map((tail) => `x_${tail}`),
      fc.stringMatching(/^x_[a-z0-9_]{1,12}$/),
    );
    fc.assert(
      fc.property(codes, (code) => {
        const span = {
          ...withSpanAttribute(blocked.span, 'genops.policy.reason_code', code),
          events: blocked.span.events.map((event) => ({
            ...event,
            attributes: { ...event.attributes, 'genops.policy.reason_code': code },
          })),
        };
        const found = ruleIds(checkSpans([span]));
        const valid =
          (SPEC_REASON_CODES as readonly string[]).includes(code) ||
          EXTENSION_REASON_CODE_PATTERN.test(code);
        expect(
          found.has('5.4/reason-code-taxonomy') || found.has('5.5/extension-code-grammar'),
        ).toBe(!valid);
        expect(found.has('5.5/extension-code-grammar')).toBe(!valid && /^x_/i.test(code));
      }),
      { numRuns: 300 },
    );
  });

  it('a placeholder in any case and padding is 9.1.8/placeholder-value on a required string', () => {
    const keys = [
      'genops.team',
      'genops.project',
      'genops.environment',
      'genops.operation.name',
      'genops.operation.type',
      'genops.accounting.unit',
      'genops.spec.version',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.constantFrom('', ...PLACEHOLDER_STRINGS),
        fc.boolean(),
        fc.constantFrom('', ' ', '\t', '  \n'),
        (key, word, upper, pad) => {
          const value = `${pad}${upper ? word.toUpperCase() : word}${pad}`;
          const found = ruleIds(checkSpans([withSpanAttribute(allowed.span, key, value)]));
          expect(found.has('9.1.8/placeholder-value'), JSON.stringify(value)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an int64 token count is an integer (no fraction, NaN or Infinity) and not negative', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Infinity)),
        (value) => {
          const report = checkSpans([
            withSpanAttribute(allowed.span, 'genops.tokens.input', value),
          ]);
          const found = ruleIds(report);
          expect(found.has('7/attribute-type')).toBe(!Number.isInteger(value));
          expect(found.has('9.1.8/placeholder-optional-value')).toBe(
            Number.isFinite(value) && value < 0,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
