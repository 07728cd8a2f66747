import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

interface Chat {
  chatId: string;
  query: URLSearchParams;
  socket: WebSocket;
  received: Array<Record<string, unknown>>;
}

/**
 * A loopback EVI chat endpoint (`/v0/evi/chat`) speaking Hume's wire format: it checks the API key (query
 * `api_key`, where the SDK puts it), greets with `chat_metadata`, and can send `tool_call` messages and wait
 * for the `tool_response` / `tool_error` that answers them — snake_case JSON, as Hume sends and expects it.
 */
export async function startEviFake(apiKey: string) {
  const chats: Chat[] = [];
  const waiters: Array<{ match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/v0/evi/chat' || url.searchParams.get('api_key') !== apiKey) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const chat: Chat = { chatId: randomUUID(), query: url.searchParams, socket: ws, received: [] };
      chats.push(chat);
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        chat.received.push(message);
        for (const w of [...waiters]) {
          if (w.match(message)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(message);
          }
        }
      });
      ws.send(JSON.stringify({ type: 'chat_metadata', chat_group_id: randomUUID(), chat_id: chat.chatId, request_id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const waitFor = (match: (m: Record<string, unknown>) => boolean, ms = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the agent in time')), ms);
      waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });

  return {
    url,
    chats,
    async waitForChat(ms = 10_000): Promise<Chat> {
      const start = Date.now();
      while (!chats.length) {
        if (Date.now() - start > ms) throw new Error('the agent did not open an EVI chat');
        await new Promise((r) => setTimeout(r, 20));
      }
      return chats.at(-1)!;
    },
    /** EVI asks for a tool; resolves with the agent's tool_response or tool_error for that call. */
    toolCall(chat: Chat, name: string, parameters: unknown, toolCallId = `toolu_${randomUUID().replace(/-/g, '').slice(0, 20)}`) {
      const answer = waitFor((m) => (m['type'] === 'tool_response' || m['type'] === 'tool_error') && m['tool_call_id'] === toolCallId);
      chat.socket.send(JSON.stringify({
        type: 'tool_call', name, tool_call_id: toolCallId, tool_type: 'function', response_required: true,
        parameters: typeof parameters === 'string' ? parameters : JSON.stringify(parameters),
      }));
      return answer;
    },
    close: async () => {
      for (const c of chats) c.socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
export type EviFake = Awaited<ReturnType<typeof startEviFake>>;
