import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one Chat Completions request. */
export type FakeReply =
  | { content: string; finishReason?: 'stop' | 'length'; refusal?: string }
  | { status: number; message: string; headers?: Record<string, string> }
  | { hangMs: number }
  /** Any body as is, for malformed replies (a 200 without choices, an HTML page). */
  | { raw: string; status?: number; contentType?: string };

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict: boolean; schema: unknown } };
  max_completion_tokens?: number;
  [key: string]: unknown;
}

/**
 * A loopback OpenAI: `POST /v1/chat/completions` answered in the real wire format (a chat.completion
 * object with choices, finish_reason and usage; errors as `{ error: { message, type, code } }` with the
 * status), so the real `openai` SDK runs against it, retries and timeouts included. Each test sets how to
 * answer; every request is recorded, with the bearer it carried.
 */
export async function startOpenAiFake() {
  const requests: Array<{ body: ChatRequest; authorization: string | undefined }> = [];
  let reply: (body: ChatRequest, n: number) => FakeReply = () => ({ status: 500, message: 'no reply configured' });

  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error', code: null } }));
      return;
    }
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push({ body, authorization: req.headers.authorization });
    const r = reply(body, requests.length);
    if ('hangMs' in r) {
      const timer = setTimeout(() => res.writeHead(504).end(), r.hangMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if ('raw' in r) {
      res.writeHead(r.status ?? 200, { 'content-type': r.contentType ?? 'application/json' }).end(r.raw);
      return;
    }
    if ('status' in r) {
      res
        .writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) })
        .end(JSON.stringify({ error: { message: r.message, type: 'server_error', code: null } }));
      return;
    }
    const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
    const completionTokens = Math.ceil(r.content.length / 4);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-fake${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: r.refusal ? null : r.content, refusal: r.refusal ?? null },
            logprobs: null,
            finish_reason: r.finishReason ?? 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The base URL to give the SDK (OPENAI_BASE_URL). */
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    answer(fn: (body: ChatRequest, n: number) => FakeReply) {
      reply = fn;
      requests.length = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type OpenAiFake = Awaited<ReturnType<typeof startOpenAiFake>>;
