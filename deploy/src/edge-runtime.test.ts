import { readFileSync } from 'node:fs';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { describe, expect, inject } from 'vitest';
import { bundleForEdgeRuntime } from './test-support/bundle-for-edge-runtime.js';
import { useModelServers } from './test-support/model-server.js';
import { webScenarioTests } from './test-support/web-scenario-tests.js';

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
  webScenarioTests({
    label: 'Edge Runtime',
    scenarios: ['ai-sdk', 'langchain', 'redis-without-tcp'],
    servers,
    request: (scenario, query) =>
      requestEdgeFunction(`edge-runtime/${scenario}.js`, { ...query, runtime: 'edge-runtime' }),
  });
});
