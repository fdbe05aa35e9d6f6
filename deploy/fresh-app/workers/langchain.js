// A Cloudflare Worker (module syntax, no nodejs_compat), bundled the way wrangler bundles it.
import { handleLangChain } from '../web/langchain.js';

export default { fetch: (request) => handleLangChain(request) };
