import { handleLangChain } from '../../../web/langchain.js';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';
export const GET = handleLangChain;
