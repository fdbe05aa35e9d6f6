// A Cloudflare Worker (module syntax, no nodejs_compat), bundled the way wrangler bundles it.
import { handleAiSdk } from '../web/ai-sdk.js';

export default { fetch: (request) => handleAiSdk(request) };
