import { readFileSync, writeFileSync } from 'node:fs';
import { documentRoutes } from '../http/route.ts';
import { openApiDocument } from '../http/openapi.ts';
import { allRoutes } from '../routes/index.ts';

/**
 * Prints the OpenAPI document the server serves at /api/v1/openapi.json, without starting a server or a
 * database: `npm run openapi [-- out.json]`. The typed client and the validators read it from here.
 */
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
documentRoutes(allRoutes);
const json = JSON.stringify(openApiDocument(version), null, 2) + '\n';
const out = process.argv[2];
if (out) writeFileSync(out, json);
else process.stdout.write(json);
