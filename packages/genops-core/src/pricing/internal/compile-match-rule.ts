import type { MatchRule } from './default-price-table-format.js';

/** @internal A compiled {@link MatchRule}; takes a lower-cased, trimmed id. */
export type IdMatcher = (id: string) => boolean;

/** @internal Compiles a default-table match rule (case-insensitive; regexes as given). */
export function compileMatchRule(rule: MatchRule): IdMatcher {
  if ('or' in rule) {
    const parts = rule.or.map(compileMatchRule);
    return (id) => parts.some((part) => part(id));
  }
  if ('and' in rule) {
    const parts = rule.and.map(compileMatchRule);
    return (id) => parts.every((part) => part(id));
  }
  if ('equals' in rule) {
    const value = rule.equals.toLowerCase();
    return (id) => id === value;
  }
  if ('starts_with' in rule) {
    const value = rule.starts_with.toLowerCase();
    return (id) => id.startsWith(value);
  }
  if ('ends_with' in rule) {
    const value = rule.ends_with.toLowerCase();
    return (id) => id.endsWith(value);
  }
  if ('contains' in rule) {
    const value = rule.contains.toLowerCase();
    return (id) => id.includes(value);
  }
  const pattern = new RegExp(rule.regex);
  return (id) => pattern.test(id);
}
