// The AI SDK scenario as a web request handler (Next.js routes, Edge Runtime, Workers). The
// governor is created at module scope, as an application creates it.
import { aiSdkModules } from '../lib/ai-sdk-modules.mjs';
import { createAiSdkApp } from '../lib/ai-sdk-scenario.mjs';
import { requestInput, respondWith } from './request-input.mjs';

const app = createAiSdkApp(aiSdkModules);

export function handleAiSdk(request) {
  return respondWith(() => app.run(requestInput(request)));
}
