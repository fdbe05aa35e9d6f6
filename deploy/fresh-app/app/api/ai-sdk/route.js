import { handleAiSdk } from '../../../web/ai-sdk.js';

export const dynamic = 'force-dynamic';
export const GET = handleAiSdk;
