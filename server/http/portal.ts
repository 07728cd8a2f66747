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
    js: stripQuietly(read('app.ts')),
    // The Socket.IO browser client shipped inside the socket.io server package: same version as the server, served locally.
    socketIo: readFileSync(
      join(dirname(require.resolve('socket.io/package.json')), 'client-dist', 'socket.io.min.js'),
      'utf8',
    ),
  };
}

/**
 * Node 24 still marks module.stripTypeScriptTypes experimental and warns on its first use, a line in every
 * `npm start`. This one call at start is deliberate, so that warning alone is dropped; any other still prints.
 */
function stripQuietly(source: string): string {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(typeof warning === 'string' ? warning : warning.message).includes('stripTypeScriptTypes')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emit;
  }
}

/** Only our own origin: no CDN, no inline script. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

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
