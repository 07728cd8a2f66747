import { Router } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire, stripTypeScriptTypes } from 'node:module';
import { dirname, join } from 'node:path';

const dir = new URL('../../portal/', import.meta.url);
const require = createRequire(import.meta.url);

/** Read once at start: the page is four small files. The TypeScript is stripped of its types (no bundler). */
function assets() {
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
  return {
    html: read('index.html'),
    css: read('portal.css'),
    js: stripTypeScriptTypes(read('app.ts'), { mode: 'strip' }),
    // The Socket.IO browser client shipped inside the socket.io server package: same version as the server, served locally.
    socketIo: readFileSync(join(dirname(require.resolve('socket.io/package.json')), 'client-dist', 'socket.io.min.js'), 'utf8'),
  };
}

/** Only our own origin: no CDN, no inline script. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

/** The partner portal page at /partner (the API stays under /api/v1). */
export function portalRouter(): Router {
  const a = assets();
  const router = Router();
  const send = (type: string, body: string) => (_req: unknown, res: import('express').Response) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    res.type(type).send(body);
  };
  router.get(['/partner', '/partner/'], send('html', a.html));
  router.get('/partner/app.js', send('application/javascript', a.js));
  router.get('/partner/portal.css', send('css', a.css));
  router.get('/partner/socket.io.min.js', send('application/javascript', a.socketIo));
  return router;
}
