import {
  type DecisionState,
  isDecisionState,
  SPEC_DECISION_SEVERITY,
} from '../../registry/decision-states.js';
import { type AwuContext, describeEvent, type GenOpsEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { readString } from '../read-attribute.js';

const RESULT = 'genops.policy.result';
const REASON_CODE = 'genops.policy.reason_code';
const POLICY_NAME = 'genops.policy.name';

interface Decision {
  readonly event: GenOpsEvent;
  readonly result: DecisionState;
  readonly reasonCode: string | undefined;
}

function mostSevere(decisions: readonly Decision[]): DecisionState {
  let strongest: DecisionState = 'ALLOWED';
  for (const { result } of decisions) {
    if (SPEC_DECISION_SEVERITY[result] > SPEC_DECISION_SEVERITY[strongest]) strongest = result;
  }
  return strongest;
}

/**
 * The decisions of an AWU against its span and its lifecycle:
 * - `8.1/decision-pre-execution` and `6.4/post-execution-refusal` for decisions after the first
 *   reconciliation (post-execution);
 * - `4.3/decision-consistency`: the AWU result is the most severe of its pre-execution decisions
 *   and its reason code is carried by one of them with that result;
 * - `4.3/retry-in-same-awu`: a RATE_LIMITED decision followed by a new evaluation (of the same
 *   policy, when named) that let the AWU proceed; the decisions after the last RATE_LIMITED one are
 *   then compared with the AWU.
 */
export function checkDecisionConsistency(awu: AwuContext, report: ReportFinding): void {
  const firstReconciliation = awu.reconciliations[0];
  const executionStart = firstReconciliation?.position ?? Number.POSITIVE_INFINITY;
  const pre: Decision[] = [];
  for (const event of awu.decisions) {
    const result = event.attributes[RESULT];
    const reasonCode = readString(event.attributes, REASON_CODE);
    if (event.position > executionStart && firstReconciliation !== undefined) {
      checkPostExecution(event, result, reasonCode, describeEvent(firstReconciliation), report);
    } else if (isDecisionState(result)) {
      pre.push({ event, result, reasonCode });
    }
  }
  if (awu.result === undefined || pre.length === 0) return;
  const strongest = mostSevere(pre);
  if (strongest === awu.result) {
    checkReasonCode(awu, pre, report);
    return;
  }
  const retried = retryDecisions(awu, pre, strongest);
  if (retried === undefined) {
    report(
      '4.3/decision-consistency',
      `the AWU result is ${awu.result} but its most severe pre-execution decision is ${strongest} (decisions: ${pre.map((decision) => decision.result).join(', ')})`,
      { attribute: RESULT },
    );
    return;
  }
  report(
    '4.3/retry-in-same-awu',
    `the AWU was RATE_LIMITED (${describeEvent(retried.rateLimited)}), evaluated again and proceeded as ${awu.result} in the same AWU; retries SHOULD be distinct AWUs`,
    { event: retried.rateLimited.name },
  );
  checkReasonCode(awu, retried.after, report);
}

/**
 * The decisions of a retry after a rate limit that let the AWU proceed, if it is one: after the
 * last RATE_LIMITED decision the AWU was evaluated again — by the same policy when the decision
 * names it (`genops.policy.name`), so that a refusal merely followed by other policies' ALLOWED
 * decisions is not mistaken for a retry — and those later decisions give the AWU's result.
 */
function retryDecisions(
  awu: AwuContext,
  pre: readonly Decision[],
  strongest: DecisionState,
): { rateLimited: GenOpsEvent; after: Decision[] } | undefined {
  if (!awu.proceeds || strongest !== 'RATE_LIMITED') return undefined;
  const last = pre.findLastIndex((decision) => decision.result === 'RATE_LIMITED');
  const after = pre.slice(last + 1);
  const rateLimited = pre[last]?.event;
  if (rateLimited === undefined || after.length === 0 || mostSevere(after) !== awu.result) {
    return undefined;
  }
  const policy = readString(rateLimited.attributes, POLICY_NAME);
  const reevaluated =
    policy === undefined ||
    after.some((decision) => readString(decision.event.attributes, POLICY_NAME) === policy);
  return reevaluated ? { rateLimited, after } : undefined;
}

function checkReasonCode(
  awu: AwuContext,
  decisions: readonly Decision[],
  report: ReportFinding,
): void {
  const code = readString(awu.attributes, REASON_CODE);
  if (awu.result === 'ALLOWED' || code === undefined) return;
  const matching = decisions.filter((decision) => decision.result === awu.result);
  if (matching.some((decision) => decision.reasonCode === code)) return;
  const codes = matching.map((decision) => decision.reasonCode ?? '(none)').join(', ');
  report(
    '4.3/decision-consistency',
    `the AWU reason code ${code} is not carried by any of its ${awu.result} decisions (reason codes: ${codes})`,
    { attribute: REASON_CODE },
  );
}

function checkPostExecution(
  event: GenOpsEvent,
  result: unknown,
  reasonCode: string | undefined,
  reconciliation: string,
  report: ReportFinding,
): void {
  if (reasonCode !== 'SLA_LATENCY_VIOLATION') {
    report(
      '8.1/decision-pre-execution',
      `${describeEvent(event)} (${String(result)}${reasonCode === undefined ? '' : ` ${reasonCode}`}) comes after ${reconciliation}, after execution; only an SLA_LATENCY_VIOLATION decision may (6.4)`,
      { event: event.name },
    );
  } else if (result === 'BLOCKED' || result === 'RATE_LIMITED') {
    report(
      '6.4/post-execution-refusal',
      `${describeEvent(event)} is ${result} SLA_LATENCY_VIOLATION after ${reconciliation}: the AWU already ran, which ${result} says it must not (4.1); WARNING describes a post-execution SLA violation`,
      { event: event.name },
    );
  }
}
