import { join } from 'node:path';
import { describe, inject, it } from 'vitest';
import { expectScriptScenarios } from './test-support/expect-script-scenarios.js';
import { useModelServers } from './test-support/model-server.js';
import { useRedisServer } from './test-support/redis.js';
import { nodeBinary } from './test-support/runtimes.js';

const app = inject('freshApp');
const servers = useModelServers();
const redis = useRedisServer();

// Node 20 is the Node that runs the tests (the machine's); 22 and 24 come from npm packages.
const nodes = [
  { name: 'Node 20', binary: process.execPath, major: 20 },
  { name: 'Node 22', binary: nodeBinary(22), major: 22 },
  { name: 'Node 24', binary: nodeBinary(24), major: 24 },
];

describe.each(nodes)('$name', ({ name, binary, major }) => {
  it.each([
    { format: 'ESM', script: 'node/main.mjs' },
    { format: 'CommonJS', script: 'node/main.cjs' },
  ])(
    '$format: AI SDK, LangChain and the Redis ledger from the packed packages',
    async ({ format, script }) => {
      const keyPrefix = `genops-deploy:node${major}:${format}:`;
      await expectScriptScenarios(
        {
          command: binary,
          args: [join(app.dir, script)],
          cwd: app.dir,
          runtime: `${name} ${format}`,
        },
        {
          servers: servers.current,
          redisURL: redis.current.url,
          redisKeyPrefix: keyPrefix,
        },
      );
    },
  );
});
