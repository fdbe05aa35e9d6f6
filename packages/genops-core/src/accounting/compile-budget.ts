import type { Attribution } from '../attribution/attribution.js';
import { compileScope } from '../attribution/compile-scope.js';
import { isPlaceholder } from '../attribution/is-placeholder.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import type { BudgetPeriod } from '../ledger/ledger.js';
import type { BudgetOptions } from './budget-options.js';

const periods: ReadonlySet<string> = new Set(['hour', 'day', 'week', 'month', 'total']);

/** @internal A validated budget with a fast matcher. */
export interface CompiledBudget {
  readonly name: string;
  readonly limit: number;
  readonly unit: string;
  readonly period: BudgetPeriod;
  readonly alertAt: readonly number[];
  readonly enforce: boolean;
  readonly shadow: boolean;
  /** The state key for this attribution, or `undefined` when the budget does not apply. */
  keyFor(attribution: Attribution): string | undefined;
}

/**
 * @internal Validates one budget option and compiles its scope. Longer than ~60 lines: one check per
 * field, in the order of `BudgetOptions`, each naming its field.
 */
export function compileBudget(
  options: BudgetOptions,
  index: number,
  defaultUnit: string,
  governorMode: PolicyMode,
): CompiledBudget {
  const at = `budgets[${index}]`;
  if (typeof options !== 'object' || options === null) {
    throw new GenOpsConfigError({ field: at, expected: 'a budget object', received: options });
  }
  const {
    name,
    scope,
    limit,
    unit = defaultUnit,
    period,
    alertAt = [],
    onExceed = 'block',
  } = options;
  if (typeof name !== 'string' || isPlaceholder(name)) {
    throw new GenOpsConfigError({
      field: `${at}.name`,
      expected: 'a non-empty, meaningful name',
      received: name,
    });
  }
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0) {
    throw new GenOpsConfigError({
      field: `${at}.limit`,
      expected: 'a finite number >= 0',
      received: limit,
    });
  }
  if (typeof period !== 'string' || !periods.has(period)) {
    throw new GenOpsConfigError({
      field: `${at}.period`,
      expected: "one of 'hour', 'day', 'week', 'month', 'total'",
      received: period,
    });
  }
  if (typeof unit !== 'string' || isPlaceholder(unit)) {
    throw new GenOpsConfigError({
      field: `${at}.unit`,
      expected: "a unit such as 'tokens' or 'USD'",
      received: unit,
    });
  }
  if (unit !== defaultUnit) {
    throw new GenOpsConfigError({
      field: `${at}.unit`,
      expected: `the governor's accounting unit '${defaultUnit}' (set the governor's \`unit\` option to change it)`,
      received: unit,
    });
  }
  if (onExceed !== 'block' && onExceed !== 'warn') {
    throw new GenOpsConfigError({
      field: `${at}.onExceed`,
      expected: "'block' or 'warn'",
      received: onExceed,
    });
  }
  const mode = options.mode ?? governorMode;
  if (mode !== 'enforce' && mode !== 'shadow') {
    throw new GenOpsConfigError({
      field: `${at}.mode`,
      expected: "'enforce' or 'shadow'",
      received: mode,
    });
  }
  if (!Array.isArray(alertAt)) {
    throw new GenOpsConfigError({
      field: `${at}.alertAt`,
      expected: 'an array of fractions in (0, 1]',
      received: alertAt,
    });
  }
  alertAt.forEach((threshold, i) => {
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
      throw new GenOpsConfigError({
        field: `${at}.alertAt[${i}]`,
        expected: 'a fraction in (0, 1]',
        received: threshold,
      });
    }
  });

  const scopeKey = compileScope(scope, `${at}.scope`, { prefix: name, separator: '|' });

  return {
    name,
    limit,
    unit,
    period,
    alertAt: [...alertAt].sort((a, b) => a - b),
    enforce: onExceed === 'block' && mode === 'enforce',
    shadow: mode === 'shadow',
    keyFor: scopeKey.keyFor,
  };
}
