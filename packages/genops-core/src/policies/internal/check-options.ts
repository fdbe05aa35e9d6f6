import { isPlaceholder } from '../../attribution/is-placeholder.js';
import { GenOpsConfigError } from '../../errors/genops-config-error.js';

/**
 * @internal Option checks for policy factories. Fields are relative to the policy (`limit`,
 * `rules[2].pattern`); the governor prefixes them with `policies[i].`.
 */
export function checkObject<T>(value: T, expected: string): NonNullable<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GenOpsConfigError({ field: '', expected, received: value });
  }
  return value as NonNullable<T>;
}

/** @internal A finite number > 0. */
export function checkPositive(value: unknown, field: string, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new GenOpsConfigError({
      field,
      expected: `a finite number of ${unit} > 0`,
      received: value,
    });
  }
  return value;
}

/** @internal A whole number >= `min`. */
export function checkWhole(value: unknown, field: string, unit: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new GenOpsConfigError({
      field,
      expected: `a whole number of ${unit} >= ${min}`,
      received: value,
    });
  }
  return value;
}

/** @internal A non-empty, meaningful string. */
export function checkText(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || isPlaceholder(value)) {
    throw new GenOpsConfigError({
      field,
      expected: `a non-empty, meaningful ${what}`,
      received: value,
    });
  }
  return value;
}

/** @internal An optional non-empty list of non-empty patterns. */
export function checkPatterns(value: unknown, field: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new GenOpsConfigError({
      field,
      expected: "a non-empty list of patterns ('*' matches any run of characters)",
      received: value,
    });
  }
  value.forEach((pattern: unknown, index) => {
    if (typeof pattern !== 'string' || pattern.trim() === '') {
      throw new GenOpsConfigError({
        field: `${field}[${index}]`,
        expected: 'a non-empty pattern string',
        received: pattern,
      });
    }
  });
  return value as string[];
}

/**
 * @internal The `allow` and `deny` pattern lists of a list policy: each optional and non-empty,
 * at least one of them given.
 */
export function checkAllowDeny(options: { readonly allow?: unknown; readonly deny?: unknown }): {
  readonly allow: readonly string[] | undefined;
  readonly deny: readonly string[] | undefined;
} {
  const allow = checkPatterns(options.allow, 'allow');
  const deny = checkPatterns(options.deny, 'deny');
  if (allow === undefined && deny === undefined) {
    throw new GenOpsConfigError({
      field: 'allow',
      expected: 'a non-empty list of patterns in `allow` or `deny`',
      received: undefined,
    });
  }
  return { allow, deny };
}

/** @internal One of `choices`, or `fallback` when undefined. */
export function checkChoice<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw new GenOpsConfigError({
      field,
      expected: choices.map((choice) => `'${choice}'`).join(' or '),
      received: value,
    });
  }
  return value as T;
}

/** @internal An optional boolean (`fallback` when undefined). */
export function checkBoolean(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new GenOpsConfigError({ field, expected: 'true or false', received: value });
  }
  return value;
}
