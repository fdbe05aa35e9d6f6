import type { BudgetScope } from '../accounting/budget-options.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { ATTRIBUTION_FIELDS, type Attribution, type AttributionField } from './attribution.js';
import { isPlaceholder } from './is-placeholder.js';
import { singleFieldKey } from './single-field-key.js';

/** @internal A compiled scope: the instance key of an attribution, `undefined` when out of scope. */
export interface CompiledScope {
  keyFor(attribution: Readonly<Attribution>): string | undefined;
}

/**
 * @internal How instance keys are written: `prefix`, then `field=value` for each `'*'` field, each
 * preceded by `separator` unless the key is still empty. Keys are state keys in shared ledgers, so
 * budgets (`name|customer_id=acme`) and rate limits (`customer_id=acme,feature=chat`) keep the
 * formats they always had.
 */
export interface ScopeKeyFormat {
  readonly prefix: string;
  readonly separator: string;
}

/**
 * @internal The one scope compiler, for budgets and policies: every listed field must match; a value
 * matches exactly, a list matches any of its values, `'*'` matches any value and gives each
 * distinct value its own instance. Throws `GenOpsConfigError` naming `field`.
 */
export function compileScope(
  scope: unknown,
  field: string,
  { prefix, separator }: ScopeKeyFormat = { prefix: '', separator: ',' },
): CompiledScope {
  if (scope === undefined) return { keyFor: () => prefix };
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) {
    throw new GenOpsConfigError({
      field,
      expected: "an object of attribution fields, e.g. { customer_id: '*' }",
      received: scope,
    });
  }
  const exact: [AttributionField, ReadonlySet<string>][] = [];
  const perValue: AttributionField[] = [];
  for (const [name, value] of Object.entries(scope as BudgetScope) as [
    AttributionField,
    unknown,
  ][]) {
    if (!ATTRIBUTION_FIELDS.includes(name)) {
      throw new GenOpsConfigError({
        field: `${field}.${name}`,
        expected: `an attribution field (${ATTRIBUTION_FIELDS.join(', ')})`,
        received: name,
      });
    }
    const values = typeof value === 'string' ? [value] : value;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.some((entry) => typeof entry !== 'string' || isPlaceholder(entry))
    ) {
      throw new GenOpsConfigError({
        field: `${field}.${name}`,
        expected: "a value, a non-empty list of values, or '*'",
        received: value,
      });
    }
    if (values.includes('*')) perValue.push(name);
    else exact.push([name, new Set(values as string[])]);
  }
  const lead = prefix === '' ? '' : separator;
  const singleKey = singleFieldKey(perValue, (name, value) => `${prefix}${lead}${name}=${value}`);
  return {
    keyFor(attribution) {
      for (const [name, allowed] of exact) {
        const value = attribution[name];
        if (value === undefined || !allowed.has(value)) return undefined;
      }
      if (singleKey !== undefined) return singleKey(attribution);
      let key = prefix;
      for (const name of perValue) {
        const value = attribution[name];
        if (value === undefined) return undefined;
        key += `${key === '' ? '' : separator}${name}=${value}`;
      }
      return key;
    },
  };
}
