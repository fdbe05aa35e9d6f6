import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers the next requests. */
export type ModelServerMode =
  /** Streams {@link MODEL_SERVER_ANSWER} and reports usage. */
  | 'answer'
  /** Streams the answer without usage (some OpenAI-compatible servers do). */
  | 'answer-without-usage'
  /** HTTP 500 with an OpenAI-style error body (and `retry-after-ms: 10`, so retries are quick). */
  | 'error-500';

/** A local OpenAI-compatible Chat Completions server for the chatbots' fault tests. */
export interface HelpdeskModelServer {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseURL: string;
  /** How many chat completion requests arrived. */
  readonly requests: number;
  mode: ModelServerMode;
  close(): Promise<void>;
}

export const MODEL_SERVER_ANSWER = 'Open the sign-in page and choose "Forgot password".';
export const MODEL_SERVER_USAGE = { prompt_tokens: 40, completion_tokens: 12 };
export const MODEL_SERVER_ERROR = 'the model backend crashed (test)';

/**
 * Starts the server on a free loopback port (stopped by `close()`).
 *
 * @example
 * ```ts
 * const server = await startHelpdeskModelServer();
 * server.mode = 'error-500';
 * ```
 */
export async function startHelpdeskModelServer(): Promise<HelpdeskModelServer> {
  let requests = 0;
  const state = { mode: 'answer' as ModelServerMode };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      if (state.mode === 'error-500') {
        response.writeHead(500, { 'content-type': 'application/json', 'retry-after-ms': '10' });
        response.end(
          JSON.stringify({ error: { message: MODEL_SERVER_ERROR, type: 'server_error' } }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        response.write(
          `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini', choices, ...extra })}\n\n`,
        );
      const delta = (content: Record<string, unknown>, finish: string | null = null) =>
        send([{ index: 0, delta: content, finish_reason: finish }]);
      delta({ role: 'assistant', content: '' });
      for (const piece of MODEL_SERVER_ANSWER.match(/\S+\s*/g) ?? []) delta({ content: piece });
      delta({}, 'stop');
      if (state.mode === 'answer') {
        const { prompt_tokens, completion_tokens } = MODEL_SERVER_USAGE;
        send([], {
          usage: {
            prompt_tokens,
            completion_tokens,
            total_tokens: prompt_tokens + completion_tokens,
          },
        });
      }
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    get mode() {
      return state.mode;
    },
    set mode(mode: ModelServerMode) {
      state.mode = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
