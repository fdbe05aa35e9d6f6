// A Vercel Edge Runtime function (service-worker syntax), bundled for the edge-light condition.
import { handleLangChain } from '../web/langchain.mjs';

addEventListener('fetch', (event) => event.respondWith(handleLangChain(event.request)));
