import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface ReceivedRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** A local server speaking the OpenAI Responses and Chat Completions APIs (streaming and not). */
export interface OpenAiCompatibleServer {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseURL: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** What the server answers, and the usage it reports. */
export const SERVER_ANSWER = 'Open the sign-in page and choose "Forgot password".';
export const SERVER_USAGE = { input: 31, output: 12 };

/**
 * Starts the server on a free loopback port. Every answer is {@link SERVER_ANSWER} in three
 * pieces, with usage {@link SERVER_USAGE}.
 */
export async function startOpenAiCompatibleServer(): Promise<OpenAiCompatibleServer> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    handle(request, response, requests).catch((error: unknown) => {
      response.writeHead(400);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    // Clients that keep connections alive (Next.js, workerd) must not hold the close open.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const pieces = ['Open the sign-in page ', 'and choose ', '"Forgot password".'];

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  requests: ReceivedRequest[],
) {
  let raw = '';
  for await (const chunk of request) raw += String(chunk);
  const body = JSON.parse(raw) as Record<string, unknown>;
  const path = request.url ?? '';
  requests.push({ path, body });
  const sse = (events: readonly unknown[]) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(`data: ${JSON.stringify(event)}\n\n`);
    response.end('data: [DONE]\n\n');
  };
  if (path.endsWith('/responses') && body.stream === true) {
    sse([
      {
        type: 'response.created',
        response: { id: 'resp_1', created_at: 1_700_000_000, model: body.model },
      },
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'message', id: 'msg_1' },
      },
      ...pieces.map((delta) => ({
        type: 'response.output_text.delta',
        item_id: 'msg_1',
        output_index: 0,
        delta,
      })),
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'message', id: 'msg_1' },
      },
      {
        type: 'response.completed',
        response: {
          usage: {
            input_tokens: SERVER_USAGE.input,
            output_tokens: SERVER_USAGE.output,
            total_tokens: SERVER_USAGE.input + SERVER_USAGE.output,
          },
        },
      },
    ]);
    return;
  }
  if (path.endsWith('/chat/completions')) {
    const usage = {
      prompt_tokens: SERVER_USAGE.input,
      completion_tokens: SERVER_USAGE.output,
      total_tokens: SERVER_USAGE.input + SERVER_USAGE.output,
    };
    const base = { id: 'chatcmpl-1', created: 1_700_000_000, model: body.model };
    if (body.stream === true) {
      sse([
        ...pieces.map((content) => ({
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { content }, finish_reason: null }],
        })),
        {
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        },
        { ...base, object: 'chat.completion.chunk', choices: [], usage },
      ]);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: SERVER_ANSWER },
            finish_reason: 'stop',
          },
        ],
        usage,
      }),
    );
    return;
  }
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { message: `no route ${path}` } }));
}
