import { handleAiSdk } from '../../../web/ai-sdk.mjs';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';
export const GET = handleAiSdk;
