import { handleRedisWithoutTcp } from '../../../web/redis-without-tcp.js';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';
export const GET = handleRedisWithoutTcp;
