import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { checkAccountingConsistency } from './check-accounting-consistency.js';
import { checkAttributeTypes } from './check-attribute-types.js';
import { checkAttribution } from './check-attribution.js';
import { checkDecisionConsistency } from './check-decision-consistency.js';
import { checkDecisionValues } from './check-decision-values.js';
import { checkEventSchemas } from './check-event-schemas.js';
import { checkLifecycleOrder } from './check-lifecycle-order.js';
import { checkPlaceholderValues } from './check-placeholder-values.js';
import { checkReconciliationDelta } from './check-reconciliation-delta.js';
import { checkReconciliationPairing } from './check-reconciliation-pairing.js';
import { checkRequiredAttributes } from './check-required-attributes.js';
import { checkRequiredEvents } from './check-required-events.js';
import { checkSla } from './check-sla.js';
import { checkSpecVersion } from './check-spec-version.js';

/** A rule (or group of related rules) judged on one AWU. */
export type AwuRuleCheck = (awu: AwuContext, report: ReportFinding, specVersion: string) => void;

/** Every per-AWU check, each linear in the AWU's attributes and events. */
export const AWU_RULE_CHECKS: readonly AwuRuleCheck[] = [
  checkRequiredAttributes,
  checkAttributeTypes,
  checkDecisionValues,
  checkDecisionConsistency,
  checkRequiredEvents,
  checkEventSchemas,
  checkLifecycleOrder,
  checkAccountingConsistency,
  checkReconciliationPairing,
  checkReconciliationDelta,
  checkSla,
  checkSpecVersion,
  checkAttribution,
  checkPlaceholderValues,
];
