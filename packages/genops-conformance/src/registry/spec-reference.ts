/**
 * Where in the specification a rule comes from: the section and the sentence it rests on, quoted
 * from spec v0.1.0 (Markdown code marks and links removed), so that a runtime author can read the
 * requirement the finding applies, and argue with it.
 *
 * @example
 * ```ts
 * const spec: SpecReference = {
 *   section: '§5.3',
 *   text: 'When genops.policy.result is ALLOWED, the genops.policy.reason_code attribute MUST NOT be set.',
 * };
 * ```
 */
export interface SpecReference {
  /** Section, e.g. `§5.3`, `§9.1 (8)` or `Appendix A`. */
  readonly section: string;
  /** The sentence(s) of that section the rule applies, verbatim. */
  readonly text: string;
}
