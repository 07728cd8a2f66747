import { createServer } from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type Message = Record<string, unknown>;

export interface FakeChat {
  chatId: string;
  chatGroupId: string;
  /** The query the app connected with (config_id, allow_connection, session_settings[...]). */
  query: URLSearchParams;
  /** The app's socket (the data plane). */
  socket: WebSocket;
  /** Control-plane sockets attached to this chat (`/v0/evi/chat/{chat_id}/connect`). */
  attached: WebSocket[];
  /** What arrived on the data plane and on the control plane, in order. */
  received: Array<{ plane: 'data' | 'control'; message: Message }>;
}

/**
 * A loopback Hume EVI speaking Hume's wire format (snake_case JSON):
 * - the data plane `/v0/evi/chat`: the app opens a chat with an access token (`access_token`) or API key
 *   (`api_key`); greeted with `chat_metadata`; then, as Hume does when the config has a webhook, a signed
 *   `chat_started` is POSTed to `webhook.url` (hex HMAC-SHA256 of `<body>.<timestamp>`, X-Hume-AI-Webhook-* headers);
 * - the control plane `/v0/evi/chat/{chat_id}/connect`: API key only, and only for a chat opened with
 *   `allow_connection=true`; it receives the chat's messages (here: the tool calls) and may send the same
 *   messages as the app except `audio_input`.
 * `toolCall` plays the model asking for a tool: the `tool_call` goes to every socket of the chat and the first
 * `tool_response` / `tool_error` for its id, from either plane, is the answer.
 */
export async function startEviFake(opts: {
  apiKey: string;
  accessToken?: string;
  webhook?: { url: string; signingKey: string };
}) {
  const chats = new Map<string, FakeChat>();
  const waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message & { plane: string }) => void }> = [];
  const webhookAnswers: Array<{ status: number; body: unknown }> = [];
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });

  const record = (chat: FakeChat, plane: 'data' | 'control', data: unknown) => {
    const message = JSON.parse(String(data)) as Message;
    chat.received.push({ plane, message });
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ ...message, plane });
      }
    }
  };

  async function sendChatStarted(chat: FakeChat) {
    if (!opts.webhook) return;
    const customSessionId = chat.query.get('session_settings[custom_session_id]');
    const body = JSON.stringify({
      event_name: 'chat_started',
      chat_group_id: chat.chatGroupId,
      chat_id: chat.chatId,
      config_id: chat.query.get('config_id'),
      ...(customSessionId ? { custom_session_id: customSessionId } : {}),
      start_time: Date.now(),
      chat_start_type: 'new_chat_group',
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', opts.webhook.signingKey).update(`${body}.${timestamp}`).digest('hex');
    const res = await fetch(opts.webhook.url, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        'X-Hume-AI-Webhook-Timestamp': timestamp,
        'X-Hume-AI-Webhook-Signature': signature,
      },
    });
    webhookAnswers.push({ status: res.status, body: await res.json().catch(() => null) });
  }

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = url.searchParams;
    const byKey = q.get('api_key') === opts.apiKey;
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\n\r\n`);
    if (url.pathname === '/v0/evi/chat') {
      if (!byKey && !(opts.accessToken && q.get('access_token') === opts.accessToken))
        return refuse('401 Unauthorized');
      return wss.handleUpgrade(req, socket, head, (ws) => {
        const chat: FakeChat = {
          chatId: randomUUID(),
          chatGroupId: randomUUID(),
          query: q,
          socket: ws,
          attached: [],
          received: [],
        };
        chats.set(chat.chatId, chat);
        ws.on('message', (data) => record(chat, 'data', data));
        ws.on('close', () => {
          for (const a of chat.attached) a.close(1000, 'chat ended');
        });
        ws.send(
          JSON.stringify({
            type: 'chat_metadata',
            chat_group_id: chat.chatGroupId,
            chat_id: chat.chatId,
            request_id: randomUUID(),
          }),
        );
        void sendChatStarted(chat);
      });
    }
    const control = /^\/v0\/evi\/chat\/([^/]+)\/connect$/.exec(url.pathname);
    if (control) {
      if (!byKey) return refuse('401 Unauthorized');
      const chat = chats.get(decodeURIComponent(control[1]!));
      if (!chat) return refuse('404 Not Found');
      if (chat.query.get('allow_connection') !== 'true') return refuse('403 Forbidden');
      return wss.handleUpgrade(req, socket, head, (ws) => {
        chat.attached.push(ws);
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as Message;
          if (message['type'] === 'audio_input')
            return ws.send(
              JSON.stringify({
                type: 'error',
                code: 'E0714',
                slug: 'audio_input_not_allowed',
                message: 'audio_input is not allowed on the control plane',
              }),
            );
          record(chat, 'control', data);
        });
      });
    }
    refuse('404 Not Found');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const waitFor = (match: (m: Message) => boolean, ms = 10_000) =>
    new Promise<Message & { plane: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to the tool call in time')), ms);
      waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });

  return {
    url,
    chats,
    webhookAnswers,
    async waitFor<T>(what: string, probe: () => T | undefined | null | false, ms = 10_000): Promise<T> {
      const start = Date.now();
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    /** The model asks for a tool; resolves with the first tool_response or tool_error for that call (and its plane). */
    toolCall(
      chat: FakeChat,
      name: string,
      parameters: unknown,
      toolCallId = `toolu_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    ) {
      const answer = waitFor(
        (m) => (m['type'] === 'tool_response' || m['type'] === 'tool_error') && m['tool_call_id'] === toolCallId,
      );
      const message = JSON.stringify({
        type: 'tool_call',
        name,
        tool_call_id: toolCallId,
        tool_type: 'function',
        response_required: true,
        parameters: typeof parameters === 'string' ? parameters : JSON.stringify(parameters),
        custom_session_id: chat.query.get('session_settings[custom_session_id]'),
      });
      for (const ws of [chat.socket, ...chat.attached]) ws.send(message);
      return answer;
    },
    close: async () => {
      for (const c of chats.values()) {
        c.socket.terminate();
        for (const a of c.attached) a.terminate();
      }
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
export type EviFake = Awaited<ReturnType<typeof startEviFake>>;
