import { handleAiSdk } from '../../../web/ai-sdk.mjs';

export const dynamic = 'force-dynamic';
export const GET = handleAiSdk;
