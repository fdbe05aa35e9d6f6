import { isDecisionState } from '../../registry/decision-states.js';
import { GENOPS_EVENTS } from '../../registry/event-registry.js';
import { EXTENSION_REASON_CODE_PATTERN, isReasonCode } from '../../registry/reason-codes.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { hasAttribute } from '../read-attribute.js';
import { attributeCarriers } from './attribute-carriers.js';

const RESULT = 'genops.policy.result';
const REASON_CODE = 'genops.policy.reason_code';

/**
 * `4.1/decision-state`, `5.3/reason-code-required`, `5.3/reason-code-forbidden`,
 * `5.4/reason-code-taxonomy` and `5.5/extension-code-grammar`, on the AWU span and on every
 * `genops.policy.evaluated` event.
 */
export function checkDecisionValues(awu: AwuContext, report: ReportFinding): void {
  for (const carrier of attributeCarriers(awu)) {
    if (carrier.event !== undefined && carrier.event.name !== GENOPS_EVENTS.policyEvaluated)
      continue;
    const details = { event: carrier.event?.name };
    const result = carrier.attributes[RESULT];
    if (typeof result === 'string' && !isDecisionState(result)) {
      report(
        '4.1/decision-state',
        `${RESULT} on ${carrier.label} is ${formatValue(result)}, not one of ALLOWED, BLOCKED, WARNING, RATE_LIMITED`,
        { ...details, attribute: RESULT },
      );
    }
    const hasCode = hasAttribute(carrier.attributes, REASON_CODE);
    if (isDecisionState(result) && result !== 'ALLOWED' && !hasCode) {
      report(
        '5.3/reason-code-required',
        `${carrier.label} is ${result} but has no ${REASON_CODE}`,
        {
          ...details,
          attribute: REASON_CODE,
        },
      );
    }
    if (result === 'ALLOWED' && hasCode) {
      report(
        '5.3/reason-code-forbidden',
        `${carrier.label} is ALLOWED but sets ${REASON_CODE} to ${formatValue(carrier.attributes[REASON_CODE])}`,
        { ...details, attribute: REASON_CODE },
      );
      continue;
    }
    const code = carrier.attributes[REASON_CODE];
    if (typeof code !== 'string') continue;
    if (/^x_/i.test(code)) {
      if (!EXTENSION_REASON_CODE_PATTERN.test(code)) {
        report(
          '5.5/extension-code-grammar',
          `extension reason code ${formatValue(code)} on ${carrier.label} does not match ^x_[a-z0-9_]+$`,
          { ...details, attribute: REASON_CODE },
        );
      }
    } else if (!isReasonCode(code)) {
      report(
        '5.4/reason-code-taxonomy',
        `reason code ${formatValue(code)} on ${carrier.label} is neither a Section 5.2 code nor an x_ extension code`,
        { ...details, attribute: REASON_CODE },
      );
    }
  }
}
