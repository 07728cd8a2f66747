import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { Services } from '../services.ts';
import { AppError } from '../../domain/shared/errors.ts';
import { toPublicError } from './error-map.ts';
import { mount } from './route.ts';
import { openApiDocument } from './openapi.ts';
import { mountDocs } from './docs-pages.ts';
import { requestContext } from './middleware/request-context.ts';
import { metrics } from '../metrics.ts';
import { refreshVoiceGauge } from '../voice-gauge.ts';
import { assertOpsAccess } from './ops-access.ts';
import { allRoutes } from '../routes/index.ts';
import { portalRouter } from './portal.ts';

export function buildApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', services.config.trustProxy); // nothing by default: see TRUST_PROXY in the README
  app.set('query parser', 'simple');
  app.use(requestContext(services.logger));
  // No body parser here: a route reads its JSON body itself, after its key, token and rate limits (route.ts),
  // so a stranger's large body on an unknown path or before authentication is never buffered.

  app.get('/metrics', async (req, res, next) => {
    try {
      assertOpsAccess(services, req);
      await refreshVoiceGauge(services, services.logger);
      res.setHeader('Content-Type', metrics.contentType);
      res.send(await metrics.metrics());
    } catch (err) {
      next(err);
    }
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument(services.version));
  });
  mountDocs(app);

  app.use('/api/v1', mount(services, allRoutes));
  app.use(portalRouter());

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError('not_found', 'NOT_FOUND', `No route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(services));
  return app;
}

/** The single place an error becomes an HTTP answer, in the contract's envelope. */
function errorHandler(services: Services) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    // A large body refused before it was read (no route, no key, over a limit): close the connection rather
    // than let Node drain megabytes we will never use (bench/security-probes.ts: +3 MB RSS instead of +72 MB).
    if (!req.complete && Number(req.get('content-length') ?? 0) > services.config.http.bodyLimitBytes)
      res.setHeader('Connection', 'close');
    const bodyError = bodyParserError(err);
    const e = bodyError ?? toPublicError(err);
    const requestId = String(res.locals['requestId'] ?? '');
    // A known unavailability (a vendor not configured, the database down) is the caller's answer, not our bug:
    // a warning with its code. Anything else at 5xx is an error with its stack.
    const log = req.log ?? services.logger;
    if (e.status === 503 && err instanceof AppError) log.warn({ code: e.code, requestId }, e.message);
    else if (e.status >= 500) log.error({ err, requestId }, 'request failed');
    // A vendor or dependency that is unavailable: tell clients when to try again rather than hammering it.
    if (e.status === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '30');
    res.status(e.status).json({
      success: false,
      error: e.message,
      code: e.code,
      ...(e.details === undefined ? {} : { details: e.details }),
      requestId,
    });
  };
}

/** express.json()'s own errors: malformed JSON, oversize bodies, unsupported charsets. */
function bodyParserError(err: unknown): ReturnType<typeof toPublicError> | null {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed')
    return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON' };
  if (type === 'entity.too.deep') return { status: 400, code: 'INVALID_JSON', message: (err as Error).message };
  if (type === 'entity.too.large')
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' };
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported body encoding' };
  }
  if (typeof type === 'string' && type.startsWith('request.'))
    return { status: 400, code: 'BAD_REQUEST', message: 'Malformed request' };
  return null;
}
