import { isDecisionState } from '../../registry/decision-states.js';
import { EXTENSION_REASON_CODE_PATTERN, isSpecReasonCode } from '../../registry/reason-codes.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { hasAttribute } from '../read-attribute.js';
import { type AttributeCarrier, attributeCarriers } from './attribute-carriers.js';

const RESULT = 'genops.policy.result';
const REASON_CODE = 'genops.policy.reason_code';

/** `is "allowed"`, `has no value` (an empty OTLP value), `is a map {…}`. */
function describeValue(value: unknown): string {
  return value === null ? 'has no value' : `is ${formatValue(value)}`;
}

/**
 * `4.1/decision-state`, `5.3/reason-code-required`, `5.3/reason-code-forbidden`,
 * `5.4/reason-code-taxonomy` and `5.5/extension-code-grammar`, wherever the decision attributes
 * appear: the AWU span, its `genops.policy.evaluated` events and any other GenOps event (4.1 and
 * 5.4 forbid emitting values outside their sets anywhere, not only on decisions).
 */
export function checkDecisionValues(awu: AwuContext, report: ReportFinding): void {
  for (const carrier of attributeCarriers(awu)) {
    checkResult(carrier, report);
    checkReasonCode(carrier, report);
  }
}

function checkResult(carrier: AttributeCarrier, report: ReportFinding): void {
  if (!hasAttribute(carrier.attributes, RESULT)) return;
  const result = carrier.attributes[RESULT];
  if (isDecisionState(result)) return;
  report(
    '4.1/decision-state',
    `${RESULT} on ${carrier.label} ${describeValue(result)}, not one of ALLOWED, BLOCKED, WARNING, RATE_LIMITED`,
    { event: carrier.event?.name, attribute: RESULT },
  );
}

function checkReasonCode(carrier: AttributeCarrier, report: ReportFinding): void {
  const details = { event: carrier.event?.name, attribute: REASON_CODE };
  const result = carrier.attributes[RESULT];
  const isSet = hasAttribute(carrier.attributes, REASON_CODE);
  const code = carrier.attributes[REASON_CODE];
  if (isDecisionState(result) && result !== 'ALLOWED' && (!isSet || code === null)) {
    const what = isSet ? `sets ${REASON_CODE} with no value` : `has no ${REASON_CODE}`;
    report('5.3/reason-code-required', `${carrier.label} is ${result} but ${what}`, details);
    return;
  }
  if (result === 'ALLOWED' && isSet) {
    report(
      '5.3/reason-code-forbidden',
      `${carrier.label} is ALLOWED but sets ${REASON_CODE} ${code === null ? 'with no value' : `to ${formatValue(code)}`}`,
      details,
    );
    return;
  }
  if (!isSet || code === null) return;
  if (typeof code !== 'string') {
    report(
      '5.4/reason-code-taxonomy',
      `reason code on ${carrier.label} is ${formatValue(code)}, not a Section 5.2 code or an x_ extension code`,
      details,
    );
  } else if (/^x_/i.test(code)) {
    if (EXTENSION_REASON_CODE_PATTERN.test(code)) return;
    report(
      '5.5/extension-code-grammar',
      `extension reason code ${formatValue(code)} on ${carrier.label} does not match ^x_[a-z0-9_]+$`,
      details,
    );
  } else if (!isSpecReasonCode(code)) {
    report(
      '5.4/reason-code-taxonomy',
      `reason code ${formatValue(code)} on ${carrier.label} is neither a Section 5.2 code nor an x_ extension code`,
      details,
    );
  }
}
