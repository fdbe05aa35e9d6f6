import { runChatbot } from '@genops/example-kit';
import { createAiSdkChatEngine } from './ai-sdk-chat-engine.js';

// A terminal helpdesk chatbot on the Vercel AI SDK, governed by GenOps.
// Interactive in a terminal; reads a script (one turn or /command per line) from a pipe.
await runChatbot({
  title: 'AI SDK chatbot',
  serviceName: 'ai-sdk-chatbot',
  createEngine: createAiSdkChatEngine,
});
