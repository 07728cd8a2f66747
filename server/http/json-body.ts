import express, { type Request, type Response } from 'express';

/** No request of ours nests deeper than a handful of levels; 5,000-deep JSON used to end in a 500. */
export const MAX_JSON_DEPTH = 32;

class TooDeep extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
}

/**
 * Refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed: one pass over the bytes, counting
 * brackets outside strings (express.json's `verify` hook sees the raw buffer, already size-capped).
 */
function checkDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new TooDeep(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * A JSON body reader for one route, run by `mount()` after authentication and rate limits. Bodies of other
 * types are left unread (multipart uploads stream in the handler). Errors keep body-parser's `type`, which
 * server/http/app.ts maps to 400/413/415.
 */
export function jsonBodyReader(limit: number): (req: Request, res: Response) => Promise<void> | null {
  const parser = express.json({ limit, strict: false, verify: checkDepth });
  return (req, res) => {
    // No Content-Length and no Transfer-Encoding (type-is's hasBody, which body-parser asks first): nothing to
    // read, so no promise and no tick for every GET. body-parser would only have set req.body to undefined.
    if (req.headers['transfer-encoding'] === undefined && Number.isNaN(Number(req.headers['content-length']))) {
      return null;
    }
    return new Promise((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  };
}
