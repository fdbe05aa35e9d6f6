import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { pairMemo } from '../internal/bounded-memo.js';
import { compileGlob } from '../internal/compile-glob.js';
import type { GovernancePolicy } from './governance-policy.js';
import { checkAllowDeny, checkObject } from './internal/check-options.js';

/**
 * Options of {@link modelPolicy}: at least one of `allow` and `deny`.
 *
 * @example
 * ```ts
 * const options: ModelPolicyOptions = { allow: ['openai:gpt-4o*', 'anthropic:claude-*'], deny: ['*-preview'] };
 * ```
 */
export interface ModelPolicyOptions {
  /** `genops.policy.name`. Default: `model-policy`. */
  readonly name?: string;
  /** Only models matching one of these patterns may be used. Default: any model. */
  readonly allow?: readonly string[];
  /** Models matching one of these patterns are refused (checked before `allow`). Default: none. */
  readonly deny?: readonly string[];
  /** Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

const ALLOWED: PolicyVerdict = Object.freeze({ result: 'ALLOWED' });

/** The first matching pattern (in configuration order), or `undefined`. */
type Matcher = (full: string, model: string) => string | undefined;

interface Compiled {
  readonly allow: Matcher | undefined;
  readonly deny: Matcher | undefined;
}

/**
 * Allows or denies models by pattern → `BLOCKED` with `POLICY_DENY_MODEL`.
 *
 * A pattern containing `:` is matched against `provider:model` (the provider as the request names
 * it, e.g. `openai:gpt-4o`; an AWU without a provider is `:gpt-4o`); a pattern without `:` against
 * the model id alone. `*` matches any run of characters (also none); matching is case-insensitive.
 * `deny` is checked first, then `allow`. AWUs that name no model (chain and agent runs, tools) are
 * not judged and record no decision.
 *
 * Options are validated by `createGovernor` (`GenOpsConfigError` naming `policies[i].<field>`).
 *
 * @example
 * ```ts
 * createGovernor({ attribution, policies: [modelPolicy({ deny: ['gpt-3.5*', 'openai:o1-pro*'] })] });
 * ```
 */
export function modelPolicy(options: ModelPolicyOptions): GovernancePolicy {
  let compiled: Compiled | undefined;
  let judge:
    | ((provider: string | undefined, model: string | undefined) => PolicyVerdict)
    | undefined;
  const prepare = () => {
    compiled ??= compile(options);
    return compiled;
  };
  return {
    name: options?.name ?? 'model-policy',
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup: () => {
      compiled = compile(options);
      judge = undefined;
    },
    evaluate({ provider, model }) {
      if (model === undefined) return undefined;
      // Verdicts depend on provider and model only: computed once per pair.
      judge ??= pairMemo((given, id) => {
        const { allow, deny } = prepare();
        return verdictFor(allow, deny, given, id as string);
      });
      return judge(provider, model);
    },
  };
}

function verdictFor(
  allow: Matcher | undefined,
  deny: Matcher | undefined,
  provider: string | undefined,
  model: string,
): PolicyVerdict {
  const full = `${provider ?? ''}:${model}`;
  const shown = provider === undefined ? model : full;
  const denied = deny?.(full, model);
  if (denied !== undefined) {
    return {
      result: 'BLOCKED',
      reasonCode: 'POLICY_DENY_MODEL',
      reason: `model ${shown} matches the deny pattern '${denied}'`,
    };
  }
  if (allow !== undefined && allow(full, model) === undefined) {
    return {
      result: 'BLOCKED',
      reasonCode: 'POLICY_DENY_MODEL',
      reason: `model ${shown} matches no allow pattern`,
    };
  }
  return ALLOWED;
}

function compile(options: ModelPolicyOptions): Compiled {
  const checked = checkObject(options, 'modelPolicy options { allow?, deny? }');
  const { allow, deny } = checkAllowDeny(checked);
  return { allow: allow && subjectMatcher(allow), deny: deny && subjectMatcher(deny) };
}

/** Patterns with `:` see `provider:model`; the others see the model id. */
function subjectMatcher(patterns: readonly string[]): Matcher {
  const compiled = patterns.map(
    (pattern) => [pattern, pattern.includes(':'), compileGlob(pattern)] as const,
  );
  return (full, model) => {
    for (const [pattern, withProvider, matches] of compiled) {
      if (matches(withProvider ? full : model)) return pattern;
    }
    return undefined;
  };
}
