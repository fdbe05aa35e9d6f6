// The AI SDK scenario as a web request handler (Next.js routes, Edge Runtime, Workers). The
// governor is created at module scope, as an application creates it.
import { aiSdkModules } from '../lib/ai-sdk-modules.js';
import { createAiSdkApp } from '../lib/ai-sdk-scenario.js';
import { requestInput, respondWith } from './request-input.js';

const app = createAiSdkApp(aiSdkModules);

export function handleAiSdk(request) {
  return respondWith(() => app.run(requestInput(request)));
}
