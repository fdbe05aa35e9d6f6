import type { Finding } from './finding.js';

/**
 * Verdict of a report (Section 9):
 * - `compliant`: no error finding;
 * - `partial` (Section 9.2): error findings, all from `accounting-invariant` rules: the telemetry
 *   is well-formed but the Deterministic Accounting Invariant is not implemented;
 * - `non-compliant`: at least one error from a `telemetry` rule.
 *
 * @example
 * ```ts
 * const verdict: Verdict = report.verdict;
 * ```
 */
export type Verdict = 'compliant' | 'partial' | 'non-compliant';

/**
 * Finding counts of a report.
 *
 * @example
 * ```ts
 * report.counts.byRule['7.1/required-attribute']; // 2
 * ```
 */
export interface ReportCounts {
  /** Number of error findings. */
  readonly errors: number;
  /** Number of warning findings. */
  readonly warnings: number;
  /** Number of AWUs with at least one error finding. */
  readonly awusWithErrors: number;
  /** Number of findings per rule id (rules without findings are absent). */
  readonly byRule: Readonly<Record<string, number>>;
}

/**
 * The result of {@link checkTelemetry}: a plain, JSON-serializable object.
 *
 * @example
 * ```ts
 * const report = checkSpans(exporter.getFinishedSpans());
 * if (report.verdict !== 'compliant') console.error(formatReport(report));
 * JSON.stringify(report);
 * ```
 */
export interface ConformanceReport {
  /** Spec version the telemetry was judged against. */
  readonly specVersion: string;
  /** Overall verdict. */
  readonly verdict: Verdict;
  /** Number of AWUs judged (distinct AWU spans). */
  readonly awuCount: number;
  /** Number of spans in the input, AWUs or not. */
  readonly spanCount: number;
  /** Number of log records in the input, GenOps events or not. */
  readonly logRecordCount: number;
  /** Number of GenOps events judged (span events and log records attached to AWUs). */
  readonly eventCount: number;
  /** Finding counts. */
  readonly counts: ReportCounts;
  /** Findings, AWU by AWU in input order, rules in registry order within an AWU. */
  readonly findings: readonly Finding[];
}
