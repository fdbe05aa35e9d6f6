// The LangChain scenario as a web request handler; the governor and handler live at module scope.

import { langChainModules } from '../lib/langchain-modules.js';
import { createLangChainApp } from '../lib/langchain-scenario.js';
import { requestInput, respondWith } from './request-input.js';

const app = createLangChainApp(langChainModules);

export function handleLangChain(request) {
  return respondWith(() => app.run(requestInput(request)));
}
