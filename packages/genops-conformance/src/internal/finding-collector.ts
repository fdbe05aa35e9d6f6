import { getRule, RULES, type RuleId } from '../registry/rule-registry.js';
import type { SpecReference } from '../registry/spec-reference.js';
import type { AwuRef, Finding } from '../report/finding.js';

/** Optional details of a finding. */
export interface FindingDetails {
  readonly attribute?: string | undefined;
  readonly event?: string | undefined;
  /** A more precise quote than the rule's (e.g. the Appendix A row of the attribute). */
  readonly spec?: SpecReference | undefined;
}

/** Reports one finding about the AWU it is bound to. */
export type ReportFinding = (ruleId: RuleId, message: string, details?: FindingDetails) => void;

interface Entry {
  readonly finding: Finding;
  /** Input position of the span/log the finding is about (-1 for the whole input). */
  readonly order: number;
  readonly ruleIndex: number;
}

const RULE_INDEX: ReadonlyMap<string, number> = new Map(
  RULES.map((rule, index) => [rule.id, index]),
);

/** Collects findings and returns them in report order (input order, then registry order). */
export class FindingCollector {
  private readonly entries: Entry[] = [];
  /** Input positions of AWUs with at least one error finding. */
  readonly awusWithErrors = new Set<number>();

  /** A reporter bound to one AWU (or `null` for the whole input) at input position `order`. */
  reporterFor(awu: AwuRef | null, order: number, isAwu: boolean): ReportFinding {
    return (ruleId, message, details = {}) => {
      const rule = getRule(ruleId);
      const finding: Finding = {
        ruleId,
        section: rule.section,
        severity: rule.severity,
        awu,
        message,
        ...(details.attribute === undefined ? {} : { attribute: details.attribute }),
        ...(details.event === undefined ? {} : { event: details.event }),
        spec: { ...(details.spec ?? rule.spec) },
      };
      if (isAwu && rule.severity === 'error') this.awusWithErrors.add(order);
      this.entries.push({ finding, order, ruleIndex: RULE_INDEX.get(ruleId) ?? 0 });
    };
  }

  sortedFindings(): Finding[] {
    return this.entries
      .map((entry, index) => ({ entry, index }))
      .sort(
        (left, right) =>
          left.entry.order - right.entry.order ||
          left.entry.ruleIndex - right.entry.ruleIndex ||
          left.index - right.index,
      )
      .map(({ entry }) => entry.finding);
  }
}
