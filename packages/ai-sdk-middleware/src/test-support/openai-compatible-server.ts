import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** What the server answers to the next request. */
export type ScriptedResponse =
  | {
      readonly kind: 'json';
      readonly body: unknown;
      readonly status?: number;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'sse'; readonly events: readonly unknown[] };

/** A local stand-in for the OpenAI API (Chat Completions and embeddings) on a random loopback port. */
export interface OpenAICompatibleServer {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Queues responses, answered in order. */
  respond(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server on 127.0.0.1 (random port) speaking enough of the OpenAI API for
 * the real `@ai-sdk/openai` provider: JSON responses, and Server-Sent Events streams terminated by
 * `data: [DONE]`. Unscripted requests get a 500.
 */
export async function startOpenAICompatibleServer(): Promise<OpenAICompatibleServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      });
      const next = queue.shift();
      if (next === undefined) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { message: 'no scripted response', type: 'server_error' } }),
        );
        return;
      }
      if (next.kind === 'json') {
        response.writeHead(next.status ?? 200, {
          'content-type': 'application/json',
          ...next.headers,
        });
        response.end(JSON.stringify(next.body));
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      for (const event of next.events) response.write(`data: ${JSON.stringify(event)}\n\n`);
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    respond: (...responses) => {
      queue.push(...responses);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const created = 1_763_726_400;

/** Usage as the Chat Completions API reports it. */
export function chatUsage(prompt: number, completion: number, cached = 0, reasoning = 0) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: reasoning },
  };
}

/** A Chat Completions JSON response. */
export function chatCompletion(
  text: string,
  usage: ReturnType<typeof chatUsage>,
): ScriptedResponse {
  return {
    kind: 'json',
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created,
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage,
    },
  };
}

/** A Chat Completions SSE stream of `deltas`, with the usage chunk `stream_options.include_usage` asks for. */
export function chatCompletionStream(
  deltas: readonly string[],
  usage: ReturnType<typeof chatUsage>,
): ScriptedResponse {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id: 'chatcmpl-2',
    object: 'chat.completion.chunk',
    created,
    model: 'gpt-4o-2024-08-06',
    choices,
    ...extra,
  });
  return {
    kind: 'sse',
    events: [
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
      ...deltas.map((content) => chunk([{ index: 0, delta: { content }, finish_reason: null }])),
      chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
      chunk([], { usage }),
    ],
  };
}

/** An OpenAI API error response. */
export function apiError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): ScriptedResponse {
  return {
    kind: 'json',
    status,
    headers,
    body: { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error' } },
  };
}

/** An embeddings response for `count` inputs. */
export function embeddingsResponse(count: number, promptTokens: number): ScriptedResponse {
  return {
    kind: 'json',
    body: {
      object: 'list',
      data: Array.from({ length: count }, (_, index) => ({
        object: 'embedding',
        index,
        embedding: [0.5, -0.5],
      })),
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
  };
}
