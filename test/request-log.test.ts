import { describe, expect, it } from 'vitest';
import express from 'express';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { requestContext } from '../server/http/middleware/request-context.ts';

/** `req.log` (a prototype accessor since issue 12's session 5) is a child logger carrying the request's id. */
describe('request logger', () => {
  it("gives each request a logger with its own id, and logs the request's line", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const app = express();
    app.use(requestContext(logger)); // what server/http/app.ts mounts
    app.get('/x', (req, res) => {
      req.log.info('inside');
      res.json({ ok: true });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      for (const id of ['req-a', 'req-b']) await fetch(url, { headers: { 'X-Request-Id': id } });
    } finally {
      server.close();
    }
    expect(lines.filter((l) => l['msg'] === 'inside').map((l) => l['reqId'])).toEqual(['req-a', 'req-b']);
    expect(lines.filter((l) => l['msg'] === 'request completed').map((l) => (l['req'] as { id: string }).id)).toEqual([
      'req-a',
      'req-b',
    ]);
  });
});
