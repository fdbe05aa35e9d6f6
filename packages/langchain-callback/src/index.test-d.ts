import type { Governor } from '@genops/core';
import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { RunnableConfig } from '@langchain/core/runnables';
import { createAgent, fakeModel } from 'langchain';
import { describe, expectTypeOf, it } from 'vitest';
import { type GenOpsAgentMiddlewareOptions, genopsAgentMiddleware } from './agent.js';
import {
  GenOpsCallbackHandler,
  type GenOpsCallbackHandlerOptions,
  type GenOpsLangChainErrorInfo,
  type GenOpsMetadata,
} from './index.js';

declare const governor: Governor;

describe('public types', () => {
  it('the handler is a LangChain callback handler usable in any RunnableConfig', () => {
    const handler = new GenOpsCallbackHandler({ governor });
    expectTypeOf(handler).toExtend<BaseCallbackHandler>();
    const config: RunnableConfig = { callbacks: [handler] };
    void config;
  });

  it('options are typed, with the governor required', () => {
    expectTypeOf<GenOpsCallbackHandlerOptions['governor']>().toEqualTypeOf<Governor>();
    expectTypeOf<{ runLimitTokens: 10 }>().not.toExtend<GenOpsCallbackHandlerOptions>();
    expectTypeOf<GenOpsAgentMiddlewareOptions['onRefused']>().toEqualTypeOf<
      'throw' | 'message' | undefined
    >();
    expectTypeOf<GenOpsLangChainErrorInfo>().toEqualTypeOf<{
      readonly hook: string;
      readonly runId: string | undefined;
    }>();
  });

  it('per-call attribution rides in config.metadata.genops', () => {
    const metadata: GenOpsMetadata = { genops: { customer_id: 'acme', feature: 'chat' } };
    const config: RunnableConfig = { metadata: { ...metadata } };
    void config;
    // @ts-expect-error attribution values are strings
    const wrong: GenOpsMetadata = { genops: { customer_id: 42 } };
    void wrong;
  });

  it('the middleware plugs into createAgent', () => {
    const agent = createAgent({
      model: fakeModel(),
      tools: [],
      middleware: [genopsAgentMiddleware({ governor, runLimitTokens: 50_000 })],
    });
    void agent;
  });
});
