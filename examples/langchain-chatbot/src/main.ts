import { runChatbot } from '@genops/example-kit';
import { createLangChainChatEngine } from './langchain-chat-engine.js';

// A terminal helpdesk chatbot on LangChain.js, governed by GenOps.
// Interactive in a terminal; reads a script (one turn or /command per line) from a pipe.
await runChatbot({
  title: 'LangChain chatbot',
  serviceName: 'langchain-chatbot',
  createEngine: createLangChainChatEngine,
});
