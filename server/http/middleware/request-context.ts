import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { Request, Response, NextFunction } from 'express';
import { redactUrl, type Logger } from '../../logger.ts';
import { httpDuration } from '../../metrics.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's logger (a child carrying its id), made on first use: see requestContext. */
    log: Logger;
  }
}

const safeId = /^[A-Za-z0-9._-]{1,64}$/;

/** Request ids: taken from `X-Request-Id` when it is safe to echo, otherwise generated. */
function requestIdOf(req: Request, res: Response): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && safeId.test(given) ? given : randomUUID();
  res.locals['requestId'] = id;
  res.setHeader('X-Request-Id', id);
}

/**
 * What `req.log` is made from, set per request by requestContext (a plain property: every request gets the same
 * shape).
 */
const LOG = Symbol('request-log');
interface LogSource {
  logger: Logger;
  res?: Response;
  child?: Logger;
}
type WithLog = IncomingMessage & { [LOG]?: LogSource };

// `req.log` as one accessor on the prototype: defining it on each request (as this middleware did) gave every
// request object an accessor of its own, a shape V8 cannot share between requests. Measured with
// bench/http-routes.ts (session 5, same run): 2-7 µs CPU less per request on /app/config and class pages.
Object.defineProperty(IncomingMessage.prototype, 'log', {
  configurable: true,
  get(this: WithLog): Logger | undefined {
    const source = this[LOG];
    if (!source) return undefined;
    return (source.child ??= source.logger.child({ reqId: String(source.res?.locals['requestId']) }));
  },
  set(this: WithLog, value: Logger) {
    this[LOG] = { logger: value, child: value }; // someone else's logger (a test, a library): used as it is
  },
});

/**
 * One structured log line per request when it finishes (`{ req: { id, method, url }, res: { statusCode },
 * responseTime }`, the shape pino-http wrote), at info for successes, warn for refusals and 503, error for
 * other 5xx. `req.log` (a child logger carrying the request id) is made only when something asks for it.
 * pino-http built that child, its serializers and an error hook on every request even when the line was
 * below the level and thrown away: a measurable share of a cheap request (issue 12, bench/http-routes.ts).
 *
 * The app's one per-request middleware: the request id, that log line and the duration histogram, with one
 * `finish` and one `close` listener between them. As three middlewares (request id, logger, duration) each
 * request walked two more layers and allocated two more listeners and their closures.
 */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    requestIdOf(req, res);
    track(req, res, logger);
    next();
  };
}

function track(req: Request, res: Response, logger: Logger): void {
  const started = performance.now();
  (req as WithLog)[LOG] = { logger, res };
  const done = (aborted: boolean) => {
    const status = res.statusCode;
    const level =
      aborted || status === 503 || status >= 400 ? (status >= 500 && status !== 503 ? 'error' : 'warn') : 'info';
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      {
        req: { id: String(res.locals['requestId']), method: req.method, url: redactUrl(req.originalUrl) },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - started),
      },
      aborted ? 'request aborted' : status >= 500 ? 'request errored' : 'request completed',
    );
  };
  // `on`, not `once`: each event comes once per response, and `once` wraps every listener in a closure of its own.
  res.on('finish', () => {
    done(false);
    observeFinished(req, res, started);
  });
  res.on('close', () => {
    if (!res.writableFinished) done(true);
  });
}

/**
 * Remembers the matched route's full template while the request is inside its router: once an error leaves
 * the router, Express has already reset `req.baseUrl`, and the label would lose its `/api/v1` prefix.
 */
export function markRoute(req: Request, res: Response): void {
  if (req.route?.path) res.locals['route'] = `${req.baseUrl}${String(req.route.path)}`;
}

/** The duration histogram's sample, labelled by the matched route's template (what httpDuration.startTimer() recorded). */
function observeFinished(req: Request, res: Response, started: number): void {
  const marked = res.locals['route'] as string | undefined;
  const route = marked ?? (req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched');
  httpDuration.observe(
    { method: req.method, route, status: String(res.statusCode) },
    (performance.now() - started) / 1000,
  );
}
