import {
  DECISION_SEVERITY,
  type DecisionState,
  isDecisionState,
} from '../../registry/decision-states.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { readString } from '../read-attribute.js';

interface Decision {
  readonly result: DecisionState;
  readonly reasonCode: string | undefined;
}

/**
 * `4.2/decision-consistency`: the AWU result is the most severe of its pre-execution decisions
 * (decision events before the first reconciliation; all of them without one), and its reason code
 * is carried by one of those decisions with the same result.
 */
export function checkDecisionConsistency(awu: AwuContext, report: ReportFinding): void {
  if (awu.result === undefined) return;
  const executionStart = awu.reconciliations[0]?.position ?? Number.POSITIVE_INFINITY;
  const decisions: Decision[] = [];
  for (const event of awu.decisions) {
    if (event.position > executionStart) continue;
    const result = event.attributes['genops.policy.result'];
    if (!isDecisionState(result)) continue;
    decisions.push({
      result,
      reasonCode: readString(event.attributes, 'genops.policy.reason_code'),
    });
  }
  if (decisions.length === 0) return;
  let strongest: DecisionState = 'ALLOWED';
  for (const decision of decisions) {
    if (DECISION_SEVERITY[decision.result] > DECISION_SEVERITY[strongest])
      strongest = decision.result;
  }
  const summary = decisions.map((decision) => decision.result).join(', ');
  if (strongest !== awu.result) {
    report(
      '4.2/decision-consistency',
      `the AWU result is ${awu.result} but its most severe pre-execution decision is ${strongest} (decisions: ${summary})`,
      { attribute: 'genops.policy.result' },
    );
    return;
  }
  const code = readString(awu.attributes, 'genops.policy.reason_code');
  if (awu.result === 'ALLOWED' || code === undefined) return;
  const matching = decisions.filter((decision) => decision.result === awu.result);
  if (matching.some((decision) => decision.reasonCode === code)) return;
  const codes = matching.map((decision) => decision.reasonCode ?? '(none)').join(', ');
  report(
    '4.2/decision-consistency',
    `the AWU reason code ${code} is not carried by any of its ${awu.result} decisions (reason codes: ${codes})`,
    { attribute: 'genops.policy.reason_code' },
  );
}
