/**
 * The baseline for bench/http-routes.ts: a bare Express 5 JSON "hello" in its own process (as the sTvOS node is),
 * so both pay the same process and loopback costs. Prints `ready <port>`.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/hello', (_req, res) => void res.json({ success: true, data: { hello: 'world' } }));
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`ready ${port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
