import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one generateContent request. */
export type GeminiReply =
  | { text: string; finishReason?: string }
  | { blockReason: string }
  | { status: number; message: string; statusText?: string }
  | { hangMs: number };

export interface GenerateContentRequest {
  contents: Array<{ role?: string; parts: Array<{ text?: string; inlineData?: { mimeType: string; data: string } }> }>;
  generationConfig?: { responseMimeType?: string; responseSchema?: unknown; temperature?: number };
  [key: string]: unknown;
}

export interface RecordedRequest {
  path: string;
  body: GenerateContentRequest;
  apiKey: string | undefined;
}

/**
 * A loopback Vertex AI: `POST /{version}/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent`
 * answered in the real REST wire format (candidates with content parts, finishReason, usageMetadata;
 * prompt feedback when blocked; errors as `{ error: { code, message, status } }`), so the real
 * @google/genai SDK runs against it. Requests are recorded with the path and the API key header.
 */
export async function startGeminiFake() {
  const requests: RecordedRequest[] = [];
  let reply: (body: GenerateContentRequest, n: number) => GeminiReply = () => ({
    status: 500,
    message: 'no reply configured',
  });

  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const error = (code: number, message: string, status: string) => JSON.stringify({ error: { code, message, status } });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (
      req.method !== 'POST' ||
      !/^\/v1[a-z0-9]*\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\/[^/:]+:generateContent$/.test(
        path,
      )
    ) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(error(404, `No route ${req.method} ${path}`, 'NOT_FOUND'));
      return;
    }
    const body = JSON.parse(await readBody(req)) as GenerateContentRequest;
    const key = req.headers['x-goog-api-key'];
    requests.push({ path, body, apiKey: Array.isArray(key) ? key[0] : key });
    const r = reply(body, requests.length);
    if ('hangMs' in r) {
      const timer = setTimeout(() => res.writeHead(504).end(), r.hangMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if ('status' in r) {
      res
        .writeHead(r.status, { 'content-type': 'application/json' })
        .end(error(r.status, r.message, r.statusText ?? 'INTERNAL'));
      return;
    }
    const model = decodeURIComponent(path.split('/models/')[1]!.split(':')[0]!);
    const usage = { promptTokenCount: 1290, candidatesTokenCount: 0, totalTokenCount: 1290, trafficType: 'ON_DEMAND' };
    const common = { modelVersion: model, createTime: new Date().toISOString(), responseId: `fake-${requests.length}` };
    if ('blockReason' in r) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          promptFeedback: { blockReason: r.blockReason, blockReasonMessage: 'blocked' },
          usageMetadata: usage,
          ...common,
        }),
      );
      return;
    }
    const out = Math.ceil(r.text.length / 4);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        candidates: [
          {
            content: { role: 'model', parts: [{ text: r.text }] },
            finishReason: r.finishReason ?? 'STOP',
            avgLogprobs: -0.12,
          },
        ],
        usageMetadata: { ...usage, candidatesTokenCount: out, totalTokenCount: usage.promptTokenCount + out },
        ...common,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The base URL to give the SDK (GEMINI_BASE_URL); the SDK appends the version and resource path. */
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(fn: (body: GenerateContentRequest, n: number) => GeminiReply) {
      reply = fn;
      requests.length = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type GeminiFake = Awaited<ReturnType<typeof startGeminiFake>>;
