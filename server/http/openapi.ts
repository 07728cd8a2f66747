import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/**
 * Every route registers its zod schemas here as it is defined (server/http/route.ts), so the document
 * is generated from the very schemas that validate requests.
 */
export const registry = new OpenAPIRegistry();

export const errorSchema = z.object({
  success: z.literal(false),
  error: z.string(),
  code: z.string(),
  details: z.unknown().optional(),
  requestId: z.string(),
});

registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });
registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
registry.registerComponent('securitySchemes', 'adminToken', { type: 'apiKey', in: 'header', name: 'X-Admin-Token' });

let cached: OpenApiDoc | undefined;

type Operation = { operationId?: string; tags?: string[]; parameters?: Array<{ in: string; required?: boolean; schema?: { type?: unknown } }> };
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>;

/**
 * `get /trainers/{id}/services` → `getTrainersByIdServices`: derived from method and path, so it is stable
 * across runs and unique as long as method + path are (a route may still declare its own).
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** App operations first, then the partner, trainer and operator surfaces; admin last. */
const audienceOrder = (path: string): number => (path.startsWith('/admin') ? 3 : path.startsWith('/partner') ? 2 : path.startsWith('/trainer/') ? 1 : 0);

/**
 * What the generator leaves for strict validators: a path parameter is always required and has one type
 * (a coerced number documents as `[integer, null]`), every operation gets an `operationId`.
 */
function tighten(doc: OpenApiDoc): OpenApiDoc {
  const paths = Object.entries(doc.paths).sort(([a], [b]) => audienceOrder(a) - audienceOrder(b));
  for (const [path, ops] of paths) {
    for (const [method, op] of Object.entries(ops)) {
      op.operationId ??= operationIdOf(method, path);
      for (const p of op.parameters ?? []) {
        if (p.in !== 'path') continue;
        p.required = true;
        if (Array.isArray(p.schema?.type)) {
          const types = p.schema.type.filter((t) => t !== 'null');
          p.schema.type = types.length === 1 ? types[0] : types;
        }
      }
    }
  }
  return { ...doc, paths: Object.fromEntries(paths) };
}

export function openApiDocument(version: string): OpenApiDoc {
  cached ??= tighten(
    new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'sTvOS API',
        version,
        description:
          'Multi-tenant fitness platform API. Every success is `{ success: true, data }`; every error is `{ success: false, error, code, details? }` ' +
          '(the codes: [error catalogue](/api/v1/docs/errors)). Lists answer `data: { items, pagination }`; unknown keys in any input are a 400.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/api/v1', description: 'This server' }],
    }) as unknown as OpenApiDoc,
  );
  return cached;
}

export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sTvOS API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1e293b;background:#f8fafc}
header{background:#1e3a5f;color:#fff;padding:1rem 2rem}main{max-width:960px;margin:auto;padding:1rem 2rem}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;margin:.6rem 0;padding:.6rem 1rem}
.m{display:inline-block;min-width:4.2rem;font-weight:600;text-transform:uppercase;font-size:.8rem}
.get{color:#15803d}.post{color:#1d4ed8}.put,.patch{color:#b45309}.delete{color:#b91c1c}
code{font-family:ui-monospace,monospace}details pre{background:#f1f5f9;padding:.5rem;overflow:auto;font-size:.8rem}
h2{font-size:1.1rem;margin-top:1.6rem;color:#334155}</style></head>
<body><header><h1>sTvOS API v1</h1><p>Generated from <a style="color:#bfdbfe" href="/api/v1/openapi.json">/api/v1/openapi.json</a></p></header>
<main id="out">Loading…</main>
<script>
fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths))for(const [m,op] of Object.entries(ops))(byTag[(op.tags||['other'])[0]] ??= []).push([m,path,op]);
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  document.getElementById('out').innerHTML=Object.entries(byTag).map(([tag,list])=>'<h2>'+esc(tag)+'</h2>'+list.map(([m,p,op])=>
    '<section><span class="m '+m+'">'+m+'</span><code>'+esc(p)+'</code> — '+esc(op.summary||'')+
    '<details><summary>schema</summary><pre>'+esc(JSON.stringify({security:op.security,request:op.requestBody||op.parameters,responses:op.responses},null,2))+'</pre></details></section>').join('')).join('');
});
</script></body></html>`;
