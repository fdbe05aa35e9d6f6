export { createAiSdkChatEngine, HELPDESK_INSTRUCTIONS } from './ai-sdk-chat-engine.js';
export {
  createOfflineLanguageModel,
  type OfflineLanguageModelOptions,
} from './offline-language-model.js';
