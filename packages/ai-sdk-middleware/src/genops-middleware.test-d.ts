import type { EmbeddingModelV4Middleware, LanguageModelV4Middleware } from '@ai-sdk/provider';
import type { EmbeddingModelV3Middleware, LanguageModelV3Middleware } from '@ai-sdk/provider-v3';
import type { Governor } from '@genops/core';
import {
  type EmbeddingModelMiddleware,
  generateText,
  type LanguageModelMiddleware,
  wrapEmbeddingModel,
  wrapLanguageModel,
} from 'ai';
import { MockEmbeddingModelV4, MockLanguageModelV4 } from 'ai/test';
import {
  wrapEmbeddingModel as wrapEmbeddingModelV6,
  wrapLanguageModel as wrapLanguageModelV6,
} from 'ai-v6';
import { MockEmbeddingModelV3, MockLanguageModelV3 } from 'ai-v6/test';
import { assertType, describe, expectTypeOf, it } from 'vitest';
import {
  type GenOpsCallOptions,
  type GenOpsEmbeddingModelMiddleware,
  type GenOpsLanguageModelMiddleware,
  genopsEmbeddingMiddleware,
  genopsMiddleware,
} from './index.js';

declare const governor: Governor;

describe('genopsMiddleware types', () => {
  it('is an AI SDK 7 LanguageModelV4Middleware by default', () => {
    const middleware = genopsMiddleware({ governor });
    expectTypeOf(middleware).toEqualTypeOf<GenOpsLanguageModelMiddleware<'v4'>>();
    assertType<LanguageModelV4Middleware>(middleware);
    assertType<LanguageModelMiddleware>(middleware);
    wrapLanguageModel({ model: new MockLanguageModelV4(), middleware });
    // @ts-expect-error a v4 middleware is not an AI SDK 6 (v3) middleware
    assertType<LanguageModelV3Middleware>(middleware);
  });

  it("is an AI SDK 6 LanguageModelV3Middleware with specificationVersion: 'v3'", () => {
    const middleware = genopsMiddleware({ governor, specificationVersion: 'v3' });
    assertType<LanguageModelV3Middleware>(middleware);
    wrapLanguageModelV6({ model: new MockLanguageModelV3(), middleware });
    // AI SDK 7 accepts v3 middleware too.
    wrapLanguageModel({ model: new MockLanguageModelV4(), middleware });
  });

  it('embedding middleware fits both SDKs', () => {
    const v4 = genopsEmbeddingMiddleware({ governor });
    expectTypeOf(v4).toEqualTypeOf<GenOpsEmbeddingModelMiddleware<'v4'>>();
    assertType<EmbeddingModelV4Middleware>(v4);
    assertType<EmbeddingModelMiddleware>(v4);
    wrapEmbeddingModel({ model: new MockEmbeddingModelV4(), middleware: v4 });
    const v3 = genopsEmbeddingMiddleware({ governor, specificationVersion: 'v3' });
    assertType<EmbeddingModelV3Middleware>(v3);
    wrapEmbeddingModelV6({ model: new MockEmbeddingModelV3(), middleware: v3 });
  });

  it('accepts typed per-call options in providerOptions', () => {
    const model = wrapLanguageModel({
      model: new MockLanguageModelV4(),
      middleware: genopsMiddleware({ governor }),
    });
    const genops: GenOpsCallOptions = { customer_id: 'acme', slaTier: 'premium' };
    void generateText({ model, prompt: 'Hi', providerOptions: { genops } });
    // @ts-expect-error unknown option
    assertType<GenOpsCallOptions>({ customerId: 'acme' });
  });

  it('rejects an unknown specification version', () => {
    // @ts-expect-error only 'v3' and 'v4'
    genopsMiddleware({ governor, specificationVersion: 'v2' });
  });
});
