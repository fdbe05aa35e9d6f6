import data from '../default-prices.json' with { type: 'json' };
import type { ModelPrice } from '../model-price.js';
import { compileMatchRule, type IdMatcher } from './compile-match-rule.js';
import type { DefaultPriceTable, SnapshotProvider } from './default-price-table-format.js';

/** @internal The raw checked-in snapshot. */
export const defaultTable = data as unknown as DefaultPriceTable;

/** @internal A price schedule: prices with the UTC instant from which each applies, ascending. */
export type PriceSchedule = readonly {
  readonly fromMs: number;
  readonly price: ModelPrice | null;
}[];

interface CompiledProvider {
  readonly id: string;
  readonly providerMatch: IdMatcher | undefined;
  readonly modelMatch: IdMatcher | undefined;
  readonly fallbackProviders: readonly string[];
  readonly models:
    | readonly { readonly match: IdMatcher; readonly schedule: PriceSchedule }[]
    | undefined;
}

let compiled: readonly CompiledProvider[] | undefined;

function providers(): readonly CompiledProvider[] {
  compiled ??= defaultTable.providers.map((provider: SnapshotProvider) => ({
    id: provider.id,
    providerMatch: provider.providerMatch ? compileMatchRule(provider.providerMatch) : undefined,
    modelMatch: provider.modelMatch ? compileMatchRule(provider.modelMatch) : undefined,
    fallbackProviders: provider.fallbackProviders,
    models: provider.models?.map((model) => ({
      match: compileMatchRule(model.match),
      schedule: model.schedule.map((entry) => ({
        fromMs:
          entry.from === null ? Number.NEGATIVE_INFINITY : Date.parse(`${entry.from}T00:00:00Z`),
        price: entry.price,
      })),
    })),
  }));
  return compiled;
}

/**
 * @internal The default table's provider for a request, following `@pydantic/genai-prices`: a named
 * provider is found by id, then by its matching rule (`openai.chat`, `azure.ai.openai` → `openai`;
 * `gcp.vertex_ai` → `google`); without a provider, by the model id's rule (`claude-*` → `anthropic`).
 */
export function resolveProvider(
  provider: string | undefined,
  model: string | undefined,
): string | undefined {
  return findProvider(provider, model)?.id;
}

function findProvider(
  provider: string | undefined,
  model: string | undefined,
): CompiledProvider | undefined {
  const all = providers();
  if (provider !== undefined) {
    const id = provider.trim().toLowerCase();
    return all.find((entry) => entry.id === id) ?? all.find((entry) => entry.providerMatch?.(id));
  }
  if (model === undefined) return undefined;
  const id = model.trim().toLowerCase();
  return all.find((entry) => entry.modelMatch?.(id));
}

const datedSuffix = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/**
 * @internal The default table's schedule for a provider and model, or `undefined` when the table
 * does not price it (unknown provider, a provider outside the table, unknown model).
 */
export function defaultSchedule(
  provider: string | undefined,
  model: string,
): PriceSchedule | undefined {
  const entry = findProvider(provider, model);
  if (entry === undefined) return undefined;
  const id = model.trim().toLowerCase();
  const found = findModel(entry, id);
  if (found !== undefined) return found;
  // `claude-3-5-sonnet-20241022` is also tried as `claude-3-5-sonnet-2024-10-22`.
  const dashed = id.replace(datedSuffix, (whole, dash, year, month, day) => {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    return date.getUTCDate() === Number(day) ? `${dash}${year}-${month}-${day}` : whole;
  });
  return dashed === id ? undefined : findModel(entry, dashed);
}

function findModel(provider: CompiledProvider, id: string): PriceSchedule | undefined {
  const model = provider.models?.find((candidate) => candidate.match(id));
  if (model !== undefined) return model.schedule;
  for (const fallbackId of provider.fallbackProviders) {
    const fallback = providers().find((candidate) => candidate.id === fallbackId);
    const schedule = fallback?.models?.find((candidate) => candidate.match(id))?.schedule;
    if (schedule !== undefined) return schedule;
  }
  return undefined;
}

/** @internal The price of a schedule in effect at `atMs` (`null`: the model has no token price). */
export function priceAt(schedule: PriceSchedule, atMs: number): ModelPrice | null {
  for (let i = schedule.length - 1; i >= 0; i--) {
    const entry = schedule[i]!;
    if (atMs >= entry.fromMs) return entry.price;
  }
  return schedule[0]?.price ?? null;
}
