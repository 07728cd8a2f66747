import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { documentRoutes } from '../../server/http/route.ts';
import { openApiDocument } from '../../server/http/openapi.ts';
import { allRoutes } from '../../server/routes/index.ts';
import { clientEventSchemas } from '../../realtime/events.ts';

/**
 * Writes the typed client's generated half, `src/schema.gen.ts`, from the OpenAPI document the server
 * serves and from the socket payload schemas: `npm run client:generate`. A small writer of our own (JSON
 * Schema → TypeScript) rather than openapi-typescript, whose peer range stops at TypeScript 5; it covers
 * what our zod-made document uses (objects, arrays, enums, unions, records, type lists with null).
 * `test/typed-client.test.ts` fails when the committed file differs from what this writes.
 */

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  description?: string;
};

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENT.test(k) ? k : JSON.stringify(k));
const pad = (depth: number) => '  '.repeat(depth);

/** One JSON Schema as a TypeScript type, indented for `depth`. */
export function typeOf(s: Schema | undefined, depth = 0): string {
  if (!s || Object.keys(s).length === 0) return 'unknown';
  if (s.$ref) return `components['schemas'][${JSON.stringify(s.$ref.split('/').pop())}]`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return [...new Set(union.map((u) => typeOf(u, depth)))].join(' | ');
  if (s.allOf) return s.allOf.map((u) => `(${typeOf(u, depth)})`).join(' & ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length === 0) return 'unknown';
  return types.map((t) => single(t, s, depth)).join(' | ');
}

function single(t: string, s: Schema, depth: number): string {
  switch (t) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      if (s.prefixItems) return `[${s.prefixItems.map((i) => typeOf(i, depth)).join(', ')}]`;
      return `Array<${typeOf(s.items, depth)}>`;
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      const extra = s.additionalProperties;
      if (props.length === 0)
        return extra && extra !== true ? `Record<string, ${typeOf(extra, depth)}>` : 'Record<string, unknown>';
      const required = new Set(s.required ?? []);
      const lines = props.map(
        ([k, v]) => `${pad(depth + 1)}${key(k)}${required.has(k) ? '' : '?'}: ${typeOf(v, depth + 1)};`,
      );
      if (extra && extra !== true)
        lines.push(`${pad(depth + 1)}[key: string]: ${typeOf(extra, depth + 1)} | undefined;`);
      return `{\n${lines.join('\n')}\n${pad(depth)}}`;
    }
    default:
      return 'unknown';
  }
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }>; required?: boolean };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

function paramsType(params: Parameter[], where: 'path' | 'query', depth: number): string {
  const mine = params.filter((p) => p.in === where);
  if (mine.length === 0) return 'Record<string, never>';
  const lines = mine.map(
    (p) => `${pad(depth + 1)}${key(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, depth + 1)};`,
  );
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

/** The success answer's `data` (the envelope is the client's business), or text for CSV/ICS/HTML answers. */
function responseType(op: Operation, depth: number): string {
  const ok = Object.entries(op.responses).find(([status]) => /^2/.test(status));
  if (!ok) return 'unknown';
  const content = ok[1].content ?? {};
  const json = content['application/json']?.schema;
  if (!json) return Object.keys(content).length ? 'string' : 'null';
  return typeOf(json.properties?.['data'] ?? json, depth);
}

export function generate(): string {
  const version = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  documentRoutes(allRoutes);
  const doc = openApiDocument(version) as unknown as {
    servers: Array<{ url: string }>;
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const out: string[] = [
    "// Generated by clients/typescript/generate.ts (`npm run client:generate`) from the server's OpenAPI",
    '// document and socket schemas. Do not edit: test/typed-client.test.ts fails when this file is stale.',
    '/* eslint-disable */',
    '',
    `/** Every path below is relative to this prefix. */`,
    `export const basePath = ${JSON.stringify(doc.servers[0]?.url ?? '')};`,
    '',
    'export interface components {',
    '  schemas: {',
    ...Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => `    ${key(name)}: ${typeOf(s, 2)};`),
    '  };',
    '}',
    '',
    '/** Each operation by its operationId: method, path, path parameters, query, body and the `data` of its answer. */',
    'export interface Operations {',
  ];
  const table: string[] = [];
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  for (const [path, item] of Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b))) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (op.summary) out.push(`  /** ${op.summary.replace(/\*\//g, '*\\/')} */`);
      out.push(
        `  ${op.operationId}: {`,
        `    method: ${JSON.stringify(method)};`,
        `    path: ${JSON.stringify(path)};`,
        `    params: ${paramsType(params, 'path', 2)};`,
        `    query: ${paramsType(params, 'query', 2)};`,
        `    body: ${body ? typeOf(body, 2) : 'undefined'};`,
        `    response: ${responseType(op, 2)};`,
        '  };',
      );
      table.push(`  ${op.operationId}: [${JSON.stringify(method)}, ${JSON.stringify(path)}],`);
    }
  }
  out.push(
    '}',
    '',
    'export type OperationId = keyof Operations;',
    '',
    '/** Method and path of each operation, for the client at run time. */',
  );
  out.push(
    "export const operations: { readonly [K in OperationId]: readonly [Operations[K]['method'], Operations[K]['path']] } = {",
    ...table,
    '};',
    '',
  );

  out.push(
    "/** What the app sends on the socket: each client event's payload (acknowledged with `{ ok, data }` or `{ ok: false, code, error }`). */",
  );
  out.push('export interface ClientEventPayloads {');
  for (const [event, schema] of Object.entries(clientEventSchemas)) {
    out.push(
      `  ${key(event)}: ${typeOf(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema, 1)};`,
    );
  }
  out.push('}', '');
  return out.join('\n');
}

const target = new URL('./src/schema.gen.ts', import.meta.url);
if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(target, generate());
  process.stdout.write(`wrote ${target.pathname}\n`);
}
