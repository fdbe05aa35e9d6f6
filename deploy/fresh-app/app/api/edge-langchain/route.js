import { handleLangChain } from '../../../web/langchain.mjs';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';
export const GET = handleLangChain;
