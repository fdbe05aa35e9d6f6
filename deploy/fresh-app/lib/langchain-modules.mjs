// The modules the LangChain scenario uses: `@langchain/core` and `@langchain/openai` only.
import * as core from '@genops/core';
import { GenOpsCallbackHandler } from '@genops/langchain-callback';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ChatOpenAI } from '@langchain/openai';
import * as otel from '@opentelemetry/sdk-trace';

export const langChainModules = {
  core,
  GenOpsCallbackHandler,
  ChatPromptTemplate,
  ChatOpenAI,
  otel,
};
