import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Express } from 'express';
import { adviceByKind, errorCatalogue } from '../../domain/shared/error-catalogue.ts';
import { statusOf } from './error-map.ts';

/**
 * The API reference (Swagger UI, served from the swagger-ui-dist package: no CDN) and the error-code
 * catalogue, both generated from what the server really does: the OpenAPI document and the error table.
 */
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export function errorCodes(): Array<{ code: string; statuses: number[]; meaning: string; todo: string }> {
  return Object.entries(errorCatalogue)
    .map(([code, entry]) => ({
      code,
      statuses: entry.kinds.length ? [...new Set(entry.kinds.map((k) => statusOf[k]))] : [500],
      meaning: entry.meaning,
      todo: entry.todo ?? adviceByKind[entry.kinds[0] ?? 'internal'],
    }))
    .sort((a, b) => a.statuses[0]! - b.statuses[0]! || a.code.localeCompare(b.code));
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const inlineCode = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const style = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1e293b}
header{background:#1e3a5f;color:#fff;padding:.8rem 2rem;display:flex;gap:2rem;align-items:baseline}
header a{color:#bfdbfe}header h1{font-size:1.3rem;margin:0}main{max-width:1100px;margin:auto;padding:1rem 2rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e2e8f0;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#f1f5f9}td:first-child{font-family:ui-monospace,monospace;white-space:nowrap}`;

const header = `<header><h1>sTvOS API v1</h1><a href="/api/v1/docs">Reference</a><a href="/api/v1/docs/errors">Error codes</a><a href="/api/v1/openapi.json">openapi.json</a></header>`;

function errorsPage(): string {
  const rows = errorCodes()
    .map(
      (c) =>
        `<tr id="${c.code}"><td>${c.code}</td><td>${c.statuses.join(', ')}</td><td>${inlineCode(c.meaning)}</td><td>${inlineCode(c.todo)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sTvOS API error codes</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${style}</style></head><body>${header}<main>
<p>Every error answers <code>{ success: false, error, code, details?, requestId }</code> with the HTTP status below; socket acks carry the
same <code>code</code> as <code>{ ok: false, code, error }</code>. Branch on <code>code</code>, show <code>error</code>.</p>
<table><thead><tr><th>code</th><th>status</th><th>meaning</th><th>what to do</th></tr></thead><tbody>
${rows}
</tbody></table></main></body></html>`;
}

const referencePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sTvOS API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css"><style>${style}</style></head>
<body>${header}<div id="reference"></div>
<script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/reference.js"></script></body></html>`;

/**
 * The document's paths are relative to its server (`/api/v1`); the page shows them in full, as an app
 * calls them, and "Try it out" calls this very server.
 */
const referenceScript = `fetch('/api/v1/openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
  var base = (doc.servers && doc.servers[0] && doc.servers[0].url) || '';
  var paths = {};
  Object.keys(doc.paths).forEach(function (p) { paths[base + p] = doc.paths[p]; });
  doc.paths = paths;
  doc.servers = [{ url: location.origin, description: 'This server' }];
  window.ui = SwaggerUIBundle({ spec: doc, dom_id: '#reference', deepLinking: true, docExpansion: 'none', filter: true, persistAuthorization: true, displayOperationId: false });
});`;

export function mountDocs(app: Express): void {
  app.use('/api/v1/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1h' }));
  app.get('/api/v1/docs/reference.js', (_req, res) => res.type('application/javascript').send(referenceScript));
  app.get(['/api/v1/docs', '/docs'], (_req, res) => res.type('html').send(referencePage));
  app.get('/api/v1/docs/errors', (_req, res) => res.type('html').send(errorsPage()));
  app.get('/api/v1/docs/errors.json', (_req, res) => res.json({ success: true, data: errorCodes() }));
}
