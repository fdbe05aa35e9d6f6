import { startHelpdeskModelServer } from '/work/wt/h22/examples/chatbot-kit/src/testing/helpdesk-model-server.ts';

const s = await startHelpdeskModelServer();
s.mode = (process.argv[2] ?? 'answer') as never;
console.log(s.baseURL);
