// A Cloudflare Worker (module syntax, no nodejs_compat), bundled and served by wrangler: one route
// per scenario, each handler with its governor at module scope.
import { handleAiSdk } from '../web/ai-sdk.mjs';
import { handleLangChain } from '../web/langchain.mjs';
import { handleRedisWithoutTcp } from '../web/redis-without-tcp.mjs';

const routes = {
  '/ai-sdk': handleAiSdk,
  '/langchain': handleLangChain,
  '/redis-without-tcp': handleRedisWithoutTcp,
};

export default {
  fetch(request) {
    const handle = routes[new URL(request.url).pathname];
    return handle ? handle(request) : new Response('not found', { status: 404 });
  },
};
