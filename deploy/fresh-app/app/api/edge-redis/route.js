import { handleRedisWithoutTcp } from '../../../web/redis-without-tcp.mjs';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';
export const GET = handleRedisWithoutTcp;
