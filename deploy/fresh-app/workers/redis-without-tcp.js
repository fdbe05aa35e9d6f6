// A Cloudflare Worker (module syntax, no nodejs_compat), bundled the way wrangler bundles it.
import { handleRedisWithoutTcp } from '../web/redis-without-tcp.js';

export default { fetch: (request) => handleRedisWithoutTcp(request) };
