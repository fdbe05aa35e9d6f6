import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import type { GovernancePolicy, PolicyContext } from './governance-policy.js';
import { checkChoice, checkObject, checkText } from './internal/check-options.js';
import { promptText } from './internal/prompt-text.js';

/**
 * One organization rule over the prompt text: exactly one of `pattern` (a regular expression) and
 * `test` (a predicate, sync or async).
 *
 * @example
 * ```ts
 * const ssn: ContentRule = { name: 'us-ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b/, action: 'block' };
 * const toxic: ContentRule = { name: 'toxicity', test: async (text) => (await classify(text)).toxic, action: 'warn' };
 * ```
 */
export interface ContentRule {
  /** Reported as the reason (`content rule 'us-ssn' matched`); the matched text never is. */
  readonly name: string;
  /** A regular expression, or its source as a string. `g` and `y` flags are ignored. */
  readonly pattern?: RegExp | string;
  /** A predicate over the prompt text; must return (or resolve to) a boolean. */
  readonly test?: (text: string, context: PolicyContext) => boolean | Promise<boolean>;
  /** `block` refuses the call, `warn` lets it through with a WARNING. Default: `block`. */
  readonly action?: 'block' | 'warn';
}

/**
 * Options of {@link contentPolicy}.
 *
 * @example
 * ```ts
 * const options: ContentPolicyOptions = { name: 'pii', rules: [{ name: 'us-ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b/ }] };
 * ```
 */
export interface ContentPolicyOptions {
  /** `genops.policy.name`. */
  readonly name: string;
  /** The rules, evaluated in order; a non-empty list. */
  readonly rules: readonly ContentRule[];
  /**
   * What to do with an AWU whose request carries no input text (only a precomputed token count):
   * `skip` records no decision, `block` refuses it with `x_content_unavailable`. Default: `skip`.
   */
  readonly onMissingInput?: 'skip' | 'block';
  /** Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

const ALLOWED: PolicyVerdict = Object.freeze({ result: 'ALLOWED' });

interface CompiledRule {
  readonly name: string;
  readonly block: boolean;
  readonly matches: (text: string, context: PolicyContext) => boolean | Promise<boolean>;
}

interface Compiled {
  readonly rules: readonly CompiledRule[];
  readonly synchronous: boolean;
  readonly blockMissing: boolean;
}

/**
 * Organization rules over the prompt text (message contents or texts, joined by newlines) →
 * `POLICY_DENY_CONTENT`. Rules run in order: the first matching `block` rule refuses the call
 * (`BLOCKED`, later rules are not run); otherwise the first matching `warn` rule yields a
 * `WARNING`; otherwise `ALLOWED`. Only the rule's name appears in telemetry and errors — never the
 * matched content. A predicate that throws or returns a non-boolean fails closed (`BLOCKED`
 * `x_policy_error`, reported through `onError`).
 *
 * Options are validated by `createGovernor` (`GenOpsConfigError` naming `policies[i].<field>`).
 *
 * @example
 * ```ts
 * createGovernor({ attribution, policies: [contentPolicy({
 *   name: 'pii',
 *   rules: [
 *     { name: 'us-ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b/ },
 *     { name: 'email', pattern: /[\w.+-]+@[\w-]+\.[\w.]+/, action: 'warn' },
 *   ],
 * })] });
 * ```
 */
export function contentPolicy(options: ContentPolicyOptions): GovernancePolicy {
  let compiled: Compiled | undefined;
  const prepare = () => {
    compiled ??= compile(options);
    return compiled;
  };
  return {
    name: options?.name,
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup: () => {
      compiled = compile(options);
    },
    evaluate(context) {
      const { rules, synchronous, blockMissing } = prepare();
      const text = promptText(context.input);
      if (text === undefined) {
        return blockMissing
          ? {
              result: 'BLOCKED',
              reasonCode: 'x_content_unavailable',
              reason: 'the request carries no input text to check',
            }
          : undefined;
      }
      return synchronous ? runSync(rules, text, context) : runAsync(rules, text, context);
    },
  };
}

function runSync(
  rules: readonly CompiledRule[],
  text: string,
  context: PolicyContext,
): PolicyVerdict {
  let warned: string | undefined;
  for (const rule of rules) {
    if (!(rule.matches(text, context) as boolean)) continue;
    if (rule.block) return verdict('BLOCKED', rule.name);
    warned ??= rule.name;
  }
  return warned === undefined ? ALLOWED : verdict('WARNING', warned);
}

async function runAsync(
  rules: readonly CompiledRule[],
  text: string,
  context: PolicyContext,
): Promise<PolicyVerdict> {
  let warned: string | undefined;
  for (const rule of rules) {
    const matched = await rule.matches(text, context);
    if (typeof matched !== 'boolean') {
      throw new TypeError(`content rule '${rule.name}' returned a non-boolean`);
    }
    if (!matched) continue;
    if (rule.block) return verdict('BLOCKED', rule.name);
    warned ??= rule.name;
  }
  return warned === undefined ? ALLOWED : verdict('WARNING', warned);
}

function verdict(result: 'BLOCKED' | 'WARNING', rule: string): PolicyVerdict {
  return { result, reasonCode: 'POLICY_DENY_CONTENT', reason: `content rule '${rule}' matched` };
}

function compile(options: ContentPolicyOptions): Compiled {
  const checked = checkObject(options, 'contentPolicy options { name, rules }');
  const blockMissing =
    checkChoice(checked.onMissingInput, 'onMissingInput', ['skip', 'block'], 'skip') === 'block';
  const { rules } = checked;
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new GenOpsConfigError({
      field: 'rules',
      expected: 'a non-empty list of rules { name, pattern | test, action? }',
      received: rules,
    });
  }
  const names = new Set<string>();
  const compiledRules = rules.map((rule: ContentRule, index): CompiledRule => {
    const at = `rules[${index}]`;
    if (typeof rule !== 'object' || rule === null) {
      throw new GenOpsConfigError({
        field: at,
        expected: 'a rule { name, pattern | test, action? }',
        received: rule,
      });
    }
    const name = checkText(rule.name, `${at}.name`, 'rule name');
    if (names.has(name)) {
      throw new GenOpsConfigError({
        field: `${at}.name`,
        expected: 'a rule name unique in the policy',
        received: name,
      });
    }
    names.add(name);
    const block = checkChoice(rule.action, `${at}.action`, ['block', 'warn'], 'block') === 'block';
    if ((rule.pattern === undefined) === (rule.test === undefined)) {
      throw new GenOpsConfigError({
        field: `${at}.pattern`,
        expected: 'exactly one of `pattern` (a RegExp or its source) and `test` (a predicate)',
        received: rule.pattern,
      });
    }
    if (rule.test !== undefined) {
      if (typeof rule.test !== 'function') {
        throw new GenOpsConfigError({
          field: `${at}.test`,
          expected: 'a function (text, context) => boolean | Promise<boolean>',
          received: rule.test,
        });
      }
      return { name, block, matches: rule.test };
    }
    const regex = compilePattern(rule.pattern, `${at}.pattern`);
    return { name, block, matches: (text) => regex.test(text) };
  });
  return {
    rules: compiledRules,
    synchronous: compiledRules.every((_, index) => rules[index]?.test === undefined),
    blockMissing,
  };
}

function compilePattern(pattern: unknown, field: string): RegExp {
  if (pattern instanceof RegExp)
    return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  if (typeof pattern !== 'string' || pattern === '') {
    throw new GenOpsConfigError({
      field,
      expected: 'a RegExp or a non-empty regular expression source',
      received: pattern,
    });
  }
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new GenOpsConfigError({
      field,
      expected: 'a valid regular expression',
      received: pattern,
      cause: error,
    });
  }
}
