// A Vercel Edge Runtime function (service-worker syntax), bundled for the edge-light condition.
import { handleAiSdk } from '../web/ai-sdk.mjs';

addEventListener('fetch', (event) => event.respondWith(handleAiSdk(event.request)));
