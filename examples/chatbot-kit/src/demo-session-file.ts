import { fileURLToPath } from 'node:url';

/**
 * The scripted session of the demo (`examples/chatbot-kit/demo-session.txt`): one user turn or
 * `/command` per line, `#` lines are narration. Both chatbots run it; it reaches ALLOWED,
 * RATE_LIMITED, BLOCKED (model not allowed, budget exhausted), budget alerts and WARNING.
 *
 * @example
 * ```ts
 * await runChatbot({ …, input: createReadStream(DEMO_SESSION_FILE), interactive: false });
 * ```
 */
export const DEMO_SESSION_FILE = fileURLToPath(new URL('../demo-session.txt', import.meta.url));
