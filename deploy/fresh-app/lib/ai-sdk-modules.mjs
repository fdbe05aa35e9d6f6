// The modules the AI SDK scenario uses, loaded as an application loads them: static ESM imports.
import { createOpenAI } from '@ai-sdk/openai';
import { genopsMiddleware } from '@genops/ai-sdk-middleware';
import * as core from '@genops/core';
import * as otel from '@opentelemetry/sdk-trace';
import * as ai from 'ai';

export const aiSdkModules = { ai, createOpenAI, core, genopsMiddleware, otel };
