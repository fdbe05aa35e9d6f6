import { expect, it } from 'vitest';
import {
  type AiSdkResult,
  expectAiSdkScenario,
  expectLangChainScenario,
  type LangChainResult,
} from './expect-scenarios.js';
import type { ModelServers } from './model-server.js';

/** The scenarios a web handler serves (deploy/fresh-app/web/*.mjs). */
export type WebScenario = 'ai-sdk' | 'langchain' | 'redis-without-tcp';

/** Options of {@link webScenarioTests}. */
export interface WebScenarioTestsOptions {
  /** Prefixes the test names (`Edge route (runtime = 'edge')`). */
  readonly label: string;
  readonly scenarios: readonly WebScenario[];
  readonly servers: { readonly current: ModelServers };
  /** Sends one request to the deployed handler of `scenario`; `query` goes in its query string. */
  readonly request: (
    scenario: WebScenario,
    query: Record<string, string>,
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * Registers one test per scenario against a deployed web handler (Next.js route, Edge Runtime
 * function, Worker): the AI SDK and LangChain scenarios against this test's model servers, and
 * the Redis ledger's refusal where there is no TCP.
 */
export function webScenarioTests({ label, scenarios, servers, request }: WebScenarioTestsOptions) {
  if (scenarios.includes('ai-sdk')) {
    it(`${label}: AI SDK generateText, streamText and a refusal through genopsMiddleware`, async () => {
      const { status, body } = await request('ai-sdk', {
        baseURL: servers.current.baseURLs['ai-sdk'],
      });
      expectAiSdkScenario(body as unknown as AiSdkResult, servers.current['ai-sdk']);
      expect(status).toBe(200);
    });
  }
  if (scenarios.includes('langchain')) {
    it(`${label}: LangChain GenOpsCallbackHandler on a chain`, async () => {
      const { status, body } = await request('langchain', {
        baseURL: servers.current.baseURLs.langchain,
      });
      expectLangChainScenario(body as unknown as LangChainResult, servers.current.langchain);
      expect(status).toBe(200);
    });
  }
  if (scenarios.includes('redis-without-tcp')) {
    it(`${label}: the Redis ledger, which needs TCP, refuses with a GenOpsConfigError`, async () => {
      const { body } = await request('redis-without-tcp', {});
      expect(body).toMatchObject({
        thrown: true,
        isGenOpsConfigError: true,
        message: expect.stringMatching(/TCP/),
      });
    });
  }
}
