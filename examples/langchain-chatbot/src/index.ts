export { createLangChainChatEngine, HELPDESK_SYSTEM_PROMPT } from './langchain-chat-engine.js';
export { OfflineChatModel, type OfflineChatModelOptions } from './offline-chat-model.js';
