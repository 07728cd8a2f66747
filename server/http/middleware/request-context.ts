import { randomUUID } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { pinoHttp } from 'pino-http';
import { redactUrl, type Logger } from '../../logger.ts';
import { httpDuration } from '../../metrics.ts';

const safeId = /^[A-Za-z0-9._-]{1,64}$/;

/** Request ids: taken from `X-Request-Id` when it is safe to echo, otherwise generated. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get('x-request-id');
  const id = given && safeId.test(given) ? given : randomUUID();
  res.locals['requestId'] = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/** One structured log line per request, carrying the request id; every `req.log` line carries it too. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => String((res as Response).locals['requestId']),
    // 503 is a dependency or vendor that is unavailable (the error handler logs why, at error level when it is
    // not a known unavailability): the request line itself is a warning, like any other refusal.
    customLogLevel: (_req, res, err) => (res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/**
 * Remembers the matched route's full template while the request is inside its router: once an error leaves
 * the router, Express has already reset `req.baseUrl`, and the label would lose its `/api/v1` prefix.
 */
export function markRoute(req: Request, res: Response, next: NextFunction): void {
  if (req.route?.path) res.locals['route'] = `${req.baseUrl}${String(req.route.path)}`;
  next();
}

export function observeDuration(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const marked = res.locals['route'] as string | undefined;
    const route = marked ?? (req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched');
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}
