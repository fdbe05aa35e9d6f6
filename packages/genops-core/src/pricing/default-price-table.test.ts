import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, findDefaultPrice } from './default-price-table.js';
import { defaultTable } from './internal/default-table.js';
import { validateModelPrice } from './internal/validate-model-price.js';

const atMs = Date.UTC(2026, 10, 21, 12);

describe('DEFAULT_PRICE_TABLE', () => {
  it('says where and when the snapshot comes from', () => {
    expect(DEFAULT_PRICE_TABLE).toEqual({
      source: '@pydantic/genai-prices',
      sourceVersion: '0.1.8',
      sourceUrl: 'https://github.com/pydantic/genai-prices',
      generatedAt: '2026-11-21',
      currency: 'USD',
      providers: ['anthropic', 'google', 'mistral', 'openai'],
    });
  });

  it('holds only valid prices', () => {
    let priced = 0;
    for (const provider of defaultTable.providers) {
      for (const model of provider.models ?? []) {
        for (const entry of model.schedule) {
          if (entry.price === null) continue;
          expect(() => validateModelPrice(entry.price, `${provider.id}:${model.id}`)).not.toThrow();
          priced++;
        }
      }
    }
    expect(priced).toBeGreaterThan(200);
  });
});

describe('findDefaultPrice', () => {
  it('prices common models of the four providers', () => {
    expect(findDefaultPrice({ provider: 'openai', model: 'gpt-4o', atMs })).toEqual({
      inputPerMillion: 2.5,
      cacheReadPerMillion: 1.25,
      outputPerMillion: 10,
    });
    expect(
      findDefaultPrice({ provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', atMs }),
    ).toEqual({
      inputPerMillion: 3,
      cacheReadPerMillion: 0.3,
      cacheWritePerMillion: 3.75,
      outputPerMillion: 15,
    });
    expect(findDefaultPrice({ provider: 'google', model: 'gemini-2.5-pro', atMs })).toEqual({
      inputPerMillion: 1.25,
      cacheReadPerMillion: 0.125,
      outputPerMillion: 10,
      tiers: [
        {
          aboveInputTokens: 200_000,
          inputPerMillion: 2.5,
          cacheReadPerMillion: 0.25,
          outputPerMillion: 15,
        },
      ],
    });
    expect(findDefaultPrice({ provider: 'mistral', model: 'mistral-large-latest', atMs })).toEqual({
      inputPerMillion: 2,
      outputPerMillion: 6,
    });
  });

  it('resolves provider names as requests spell them, and infers the provider from the model', () => {
    const gpt4oMini = findDefaultPrice({ provider: 'openai', model: 'gpt-4o-mini', atMs });
    expect(findDefaultPrice({ provider: 'openai.chat', model: 'gpt-4o-mini', atMs })).toEqual(
      gpt4oMini,
    );
    expect(findDefaultPrice({ model: 'gpt-4o-mini', atMs })).toEqual(gpt4oMini);
    expect(
      findDefaultPrice({ provider: 'gcp.vertex_ai', model: 'gemini-2.5-flash', atMs }),
    ).toEqual(findDefaultPrice({ provider: 'google', model: 'gemini-2.5-flash', atMs }));
    expect(
      findDefaultPrice({ provider: 'mistral_ai', model: 'mistral-small-latest', atMs }),
    ).toBeDefined();
  });

  it('matches dated model versions', () => {
    expect(
      findDefaultPrice({ provider: 'openai', model: 'gpt-4o-2024-08-06', atMs })?.inputPerMillion,
    ).toBe(2.5);
    expect(
      findDefaultPrice({ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', atMs })
        ?.inputPerMillion,
    ).toBe(3);
  });

  it('applies scheduled price changes by date', () => {
    expect(
      findDefaultPrice({ provider: 'openai', model: 'o3', atMs: Date.UTC(2025, 5, 9, 23) })
        ?.inputPerMillion,
    ).toBe(10);
    expect(
      findDefaultPrice({ provider: 'openai', model: 'o3', atMs: Date.UTC(2025, 5, 10) })
        ?.inputPerMillion,
    ).toBe(2);
  });

  it('does not price providers outside the table or unknown models', () => {
    expect(
      findDefaultPrice({ provider: 'aws.bedrock', model: 'anthropic.claude-3-5-sonnet', atMs }),
    ).toBeUndefined();
    expect(findDefaultPrice({ provider: 'openai', model: 'gpt-unreleased', atMs })).toBeUndefined();
    expect(findDefaultPrice({ provider: 'openai', model: 'whisper-1', atMs })).toBeUndefined();
  });
});
