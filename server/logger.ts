import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/** Path segments that are credentials: calendar-feed tokens (`/calendar/<token>.ics`) and join codes. */
const SECRET_PATHS = /(\/calendar\/)(?!feed(?:[/?]|$))[^/?]+|(\/app\/join\/)[^/?]+/g;
/** Query parameters that carry credentials (playback signatures, tokens, keys, codes). */
const SECRET_PARAMS = /([?&](?:token|access_token|key|api_key|sig|signature|code|secret|password)=)[^&#]*/gi;

/** A URL as it may be logged: credential path segments and query values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url
    .replace(SECRET_PATHS, (_m, cal: string | undefined, join: string | undefined) => `${cal ?? join}[redacted]`)
    .replace(SECRET_PARAMS, '$1[redacted]');
}

export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'stvos', pid: process.pid },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers["x-admin-token"]',
        '*.password',
        '*.refreshToken',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
