// The LangChain scenario as a web request handler; the governor and handler live at module scope.

import { langChainModules } from '../lib/langchain-modules.mjs';
import { createLangChainApp } from '../lib/langchain-scenario.mjs';
import { requestInput, respondWith } from './request-input.mjs';

const app = createLangChainApp(langChainModules);

export function handleLangChain(request) {
  return respondWith(() => app.run(requestInput(request)));
}
