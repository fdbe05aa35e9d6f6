import { isPlaceholder } from '../attribution/is-placeholder.js';
import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { pairMemo } from '../internal/bounded-memo.js';
import { compileGlobList } from '../internal/compile-glob.js';
import type { GovernancePolicy } from './governance-policy.js';
import { checkAllowDeny, checkObject } from './internal/check-options.js';

/**
 * Options of {@link regionPolicy}: at least one of `allow` and `deny`.
 *
 * @example
 * ```ts
 * const options: RegionPolicyOptions = { allow: ['eu-*', 'europe-*'], providerRegions: { mistral: 'eu-west-1' } };
 * ```
 */
export interface RegionPolicyOptions {
  /** `genops.policy.name`. Default: `region-policy`. */
  readonly name?: string;
  /** Only regions matching one of these patterns are permitted; a call whose region is unknown is refused. Default: any region. */
  readonly allow?: readonly string[];
  /** Regions matching one of these patterns are refused (checked before `allow`). Default: none. */
  readonly deny?: readonly string[];
  /**
   * The region each provider serves from, for requests that name no region, keyed by the provider
   * as requests name it (case-insensitive). Default: none.
   */
  readonly providerRegions?: Readonly<Record<string, string>>;
  /** Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

interface Compiled {
  readonly allow: ((region: string) => string | undefined) | undefined;
  readonly deny: ((region: string) => string | undefined) | undefined;
  readonly providerRegions: ReadonlyMap<string, string>;
}

/**
 * Allows or denies provider regions by pattern → `BLOCKED` with `POLICY_DENY_REGION`.
 *
 * The region of a call is the request's `region`, else `providerRegions[provider]`. Patterns use
 * `*` for any run of characters and are case-insensitive; `deny` is checked first. Under an
 * `allow` list a call whose region is unknown is refused, with a reason that says the region is
 * unknown; with only a `deny` list it is allowed (with that reason). AWUs that name no provider,
 * no model and no region (chain runs, tools) are not judged.
 *
 * Options are validated by `createGovernor` (`GenOpsConfigError` naming `policies[i].<field>`).
 *
 * @example
 * ```ts
 * createGovernor({ attribution, policies: [regionPolicy({ allow: ['eu-*'], providerRegions: { 'azure.ai.openai': 'eu-west-1' } })] });
 * ```
 */
export function regionPolicy(options: RegionPolicyOptions): GovernancePolicy {
  let compiled: Compiled | undefined;
  let judge:
    | ((provider: string | undefined, region: string | undefined) => PolicyVerdict)
    | undefined;
  const prepare = () => {
    compiled ??= compile(options);
    return compiled;
  };
  return {
    name: options?.name ?? 'region-policy',
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup: () => {
      compiled = compile(options);
      judge = undefined;
    },
    evaluate({ provider, model, region }) {
      if (provider === undefined && model === undefined && region === undefined) return undefined;
      // Verdicts depend on provider and region only: computed once per pair.
      judge ??= pairMemo((given, requested) => verdictFor(prepare(), given, requested));
      return judge(provider, region);
    },
  };
}

const ALLOWED: PolicyVerdict = Object.freeze({ result: 'ALLOWED' });

function verdictFor(
  { allow, deny, providerRegions }: Compiled,
  provider: string | undefined,
  requested: string | undefined,
): PolicyVerdict {
  const region =
    requested ?? (provider === undefined ? undefined : providerRegions.get(provider.toLowerCase()));
  if (region === undefined) {
    const why =
      provider === undefined
        ? 'the request names neither a region nor a provider'
        : `the request names no region and providerRegions has no entry for ${provider}`;
    return allow === undefined
      ? { result: 'ALLOWED', reason: `region unknown (${why}); no deny pattern can match` }
      : {
          result: 'BLOCKED',
          reasonCode: 'POLICY_DENY_REGION',
          reason: `region unknown (${why}); the allow-list refuses calls whose region is unknown`,
        };
  }
  const denied = deny?.(region);
  if (denied !== undefined) {
    return {
      result: 'BLOCKED',
      reasonCode: 'POLICY_DENY_REGION',
      reason: `region ${region} matches the deny pattern '${denied}'`,
    };
  }
  if (allow !== undefined && allow(region) === undefined) {
    return {
      result: 'BLOCKED',
      reasonCode: 'POLICY_DENY_REGION',
      reason: `region ${region} matches no allow pattern`,
    };
  }
  return ALLOWED;
}

function compile(options: RegionPolicyOptions): Compiled {
  const checked = checkObject(options, 'regionPolicy options { allow?, deny?, providerRegions? }');
  const { allow, deny } = checkAllowDeny(checked);
  const providerRegions = new Map<string, string>();
  const regions: unknown = checked.providerRegions ?? {};
  if (typeof regions !== 'object' || regions === null || Array.isArray(regions)) {
    throw new GenOpsConfigError({
      field: 'providerRegions',
      expected: "an object mapping providers to regions, e.g. { openai: 'us-east-1' }",
      received: regions,
    });
  }
  for (const [provider, region] of Object.entries(regions)) {
    if (typeof region !== 'string' || isPlaceholder(region)) {
      throw new GenOpsConfigError({
        field: `providerRegions.${provider}`,
        expected: 'a non-empty region name',
        received: region,
      });
    }
    providerRegions.set(provider.toLowerCase(), region);
  }
  return {
    allow: allow && compileGlobList(allow),
    deny: deny && compileGlobList(deny),
    providerRegions,
  };
}
