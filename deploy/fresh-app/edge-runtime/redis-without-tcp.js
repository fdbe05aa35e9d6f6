// A Vercel Edge Runtime function (service-worker syntax), bundled for the edge-light condition.
import { handleRedisWithoutTcp } from '../web/redis-without-tcp.mjs';

addEventListener('fetch', (event) => event.respondWith(handleRedisWithoutTcp(event.request)));
