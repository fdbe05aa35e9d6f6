import { readFileSync } from 'node:fs';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { describe, expect, inject, it } from 'vitest';
import { bundleForEdgeRuntime } from './test-support/bundle-for-edge-runtime.js';
import {
  type AiSdkResult,
  expectAiSdkScenario,
  expectLangChainScenario,
  type LangChainResult,
} from './test-support/expect-scenarios.js';
import { useModelServers } from './test-support/model-server.js';

const app = inject('freshApp');
const servers = useModelServers();

/**
 * Bundles a handler for the Edge Runtime, serves it with `edge-runtime` on a loopback port (in this
 * process; closed afterwards) and returns what one request answered.
 */
async function requestEdgeFunction(entry: string, query: Record<string, string>) {
  const { file, errors } = await bundleForEdgeRuntime(app.dir, entry);
  expect(errors, `bundling ${entry} for the Edge Runtime`).toBe('');
  const runtime = new EdgeRuntime({ initialCode: readFileSync(file, 'utf8') });
  const server = await runServer({ runtime, host: '127.0.0.1', port: 0 });
  try {
    const response = await fetch(`${server.url}?${new URLSearchParams(query)}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}

describe("Vercel's Edge Runtime (edge-runtime)", () => {
  it('AI SDK: generateText, streamText and a refusal through genopsMiddleware', async () => {
    const { status, body } = await requestEdgeFunction('edge-runtime/ai-sdk.js', {
      baseURL: servers.current.baseURLs['ai-sdk'],
      runtime: 'edge-runtime',
    });
    expectAiSdkScenario(body as unknown as AiSdkResult, servers.current['ai-sdk']);
    expect(status).toBe(200);
  });

  it('LangChain: GenOpsCallbackHandler on a chain', async () => {
    const { status, body } = await requestEdgeFunction('edge-runtime/langchain.js', {
      baseURL: servers.current.baseURLs.langchain,
      runtime: 'edge-runtime',
    });
    expectLangChainScenario(body as unknown as LangChainResult, servers.current.langchain);
    expect(status).toBe(200);
  });

  it('the Redis ledger, which needs TCP, refuses with a GenOpsConfigError', async () => {
    const { body } = await requestEdgeFunction('edge-runtime/redis-without-tcp.js', {});
    expect(body).toMatchObject({
      thrown: true,
      isGenOpsConfigError: true,
      message: expect.stringMatching(/TCP/),
    });
  });
});
