import { afterEach, beforeEach } from 'vitest';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../../examples/quick-start/src/test-support/openai-compatible-server.js';

export {
  type OpenAiCompatibleServer,
  SERVER_ANSWER,
} from '../../../examples/quick-start/src/test-support/openai-compatible-server.js';

/** One local model server per scenario, so that each scenario's requests are its own. */
export interface ModelServers {
  readonly 'ai-sdk': OpenAiCompatibleServer;
  readonly langchain: OpenAiCompatibleServer;
  readonly redis: OpenAiCompatibleServer;
  /** Their base URLs, as the scenario scripts and handlers take them. */
  readonly baseURLs: Record<'ai-sdk' | 'langchain' | 'redis', string>;
}

/**
 * Fresh local OpenAI-compatible servers (Chat Completions and Responses, on loopback ports) for
 * each test: one per scenario.
 */
export function useModelServers(): { readonly current: ModelServers } {
  let servers: ModelServers | undefined;
  beforeEach(async () => {
    const [aiSdk, langchain, redis] = await Promise.all([
      startOpenAiCompatibleServer(),
      startOpenAiCompatibleServer(),
      startOpenAiCompatibleServer(),
    ]);
    servers = {
      'ai-sdk': aiSdk,
      langchain,
      redis,
      baseURLs: { 'ai-sdk': aiSdk.baseURL, langchain: langchain.baseURL, redis: redis.baseURL },
    };
  });
  afterEach(async () => {
    const current = servers;
    servers = undefined;
    if (current === undefined) return;
    await Promise.all([
      current['ai-sdk'].close(),
      current.langchain.close(),
      current.redis.close(),
    ]);
  });
  return {
    get current() {
      if (servers === undefined) throw new Error('the model servers run only inside a test');
      return servers;
    },
  };
}
