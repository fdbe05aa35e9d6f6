/**
 * Regenerates `src/pricing/default-prices.json`, the dated default price table, from the
 * `@pydantic/genai-prices` package (its bundled data; nothing is downloaded at run time by GenOps).
 *
 * Run from the repository root:
 * `node --import tsx packages/genops-core/src/pricing/scripts/update-default-prices.ts [version]`
 *
 * The script fetches the pinned package version with `npm pack` into a temporary directory (no
 * dependency of `@genops/core`), keeps the token prices (input, output, cache read, cache write) of
 * the OpenAI, Anthropic, Google and Mistral models — with their price schedules and long-context
 * tiers — plus every provider's matching rules so that calls to other providers are recognised as
 * unpriced instead of being priced as a look-alike model.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  DefaultPriceTable,
  SnapshotModel,
  SnapshotPrice,
  SnapshotProvider,
  SnapshotSchedule,
} from '../internal/default-price-table-format.js';

/** The package version the checked-in snapshot was generated from. */
const PINNED_VERSION = '0.1.8';
const PACKAGE = '@pydantic/genai-prices';
const PRICED_PROVIDERS = new Set(['openai', 'anthropic', 'google', 'mistral']);

type Match = SnapshotProvider['providerMatch'];
interface Tiered {
  base: number;
  tiers: { start: number; price: number }[];
}
type RawPrices = Record<string, number | Tiered | undefined>;
interface RawModel {
  id: string;
  match: NonNullable<Match>;
  prices: RawPrices | { constraint?: { type: string; start_date?: string }; prices: RawPrices }[];
}
interface RawProvider {
  id: string;
  name: string;
  pricing_urls?: string[];
  provider_match?: Match;
  model_match?: Match;
  fallback_model_providers?: string[];
  models: RawModel[];
}
interface GenaiPrices {
  waitForUpdate(): Promise<RawProvider[] | null>;
}

const keys = {
  input_mtok: 'inputPerMillion',
  output_mtok: 'outputPerMillion',
  cache_read_mtok: 'cacheReadPerMillion',
  cache_write_mtok: 'cacheWritePerMillion',
} as const;

function convertPrice(raw: RawPrices): SnapshotPrice | null {
  if (raw.input_mtok === undefined) return null;
  const base: Record<string, number> = {};
  const starts = new Set<number>();
  for (const [from, to] of Object.entries(keys)) {
    const value = raw[from];
    if (value === undefined) continue;
    if (typeof value === 'number') base[to] = value;
    else {
      base[to] = value.base;
      for (const tier of value.tiers) starts.add(tier.start);
    }
  }
  if (base.outputPerMillion === undefined) base.outputPerMillion = 0;
  const tiers = [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const tier: Record<string, number> = { aboveInputTokens: start };
      for (const [from, to] of Object.entries(keys)) {
        const value = raw[from];
        if (value === undefined || typeof value === 'number') continue;
        let price: number | undefined;
        for (const step of [...value.tiers].sort((a, b) => a.start - b.start))
          if (step.start <= start) price = step.price;
        if (price !== undefined) tier[to] = price;
      }
      return tier;
    });
  return {
    ...(base as unknown as SnapshotPrice),
    ...(tiers.length === 0 ? {} : { tiers: tiers as unknown as SnapshotPrice['tiers'] }),
  };
}

function convertModel(provider: string, model: RawModel): SnapshotModel {
  const entries = Array.isArray(model.prices)
    ? model.prices
    : [{ prices: model.prices, constraint: undefined }];
  const schedule: SnapshotSchedule[] = entries.map((entry) => {
    const constraint = entry.constraint;
    if (constraint !== undefined && constraint.type !== 'start_date') {
      throw new Error(`${provider}:${model.id}: unsupported price constraint ${constraint.type}`);
    }
    return { from: constraint?.start_date ?? null, price: convertPrice(entry.prices) };
  });
  return { id: model.id, match: model.match, schedule };
}

async function main(): Promise<void> {
  const version = process.argv[2] ?? PINNED_VERSION;
  const work = mkdtempSync(join(tmpdir(), 'genai-prices-'));
  try {
    execFileSync('npm', ['pack', `${PACKAGE}@${version}`, '--silent', '--pack-destination', work], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack produced no tarball for ${version}`);
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work]);
    const entry = pathToFileURL(join(work, 'package', 'dist', 'index.js')).href;
    const module = (await import(entry)) as GenaiPrices;
    const providers = await module.waitForUpdate();
    if (providers === null) throw new Error('the package has no bundled price data');

    const table: DefaultPriceTable = {
      source: PACKAGE,
      sourceVersion: version,
      sourceUrl: 'https://github.com/pydantic/genai-prices',
      generatedAt: new Date().toISOString().slice(0, 10),
      currency: 'USD',
      unit: 'USD per million tokens',
      providers: providers.map((provider) => ({
        id: provider.id,
        name: provider.name,
        providerMatch: provider.provider_match ?? null,
        modelMatch: provider.model_match ?? null,
        fallbackProviders: provider.fallback_model_providers ?? [],
        pricingUrls: provider.pricing_urls ?? [],
        models: PRICED_PROVIDERS.has(provider.id)
          ? provider.models.map((model) => convertModel(provider.id, model))
          : null,
      })),
    };
    const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'default-prices.json');
    writeFileSync(target, `${JSON.stringify(table, null, 2)}\n`);
    // Biome's JSON layout, so that `biome check` passes on the generated file.
    execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit' });
    const priced = table.providers.filter((provider) => provider.models !== null);
    console.log(
      `wrote ${target}: ${priced.map((p) => `${p.id} ${p.models?.length}`).join(', ')} models (${PACKAGE}@${version}, ${table.generatedAt})`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
