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

type Operation = {
  operationId?: string;
  tags?: string[];
  parameters?: Array<{ in: string; required?: boolean; schema?: { type?: unknown } }>;
};
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

const tagDescriptions: Record<string, string> = {
  health: 'Liveness and readiness of this node',
  app: "The client app's configuration and branding",
  auth: 'Register, sign in, refresh and sign out users',
  users: "The signed-in user's account, profile and settings",
  plans: 'Workout, nutrition and class plans',
  ai: 'AI helpers',
  trainers: 'The trainer marketplace: discover trainers, their slots and services, book them',
  'my-bookings': "The user's bookings, group classes and programmes",
  content: 'On-demand classes and categories',
  'group-classes': 'Group classes with places and a waitlist',
  viewing: 'Viewing sessions and heartbeats',
  live: 'Live classes and their video rooms',
  onboarding: 'Anonymous onboarding answers kept until registration',
  programmes: 'Multi-week programmes and subscriptions',
  calendar: 'Calendar feeds (ICS) of bookings',
  'food-scanner': 'Food photo recognition and logging',
  'trainer-portal': "A trainer's own services, availability, sessions, classes and programmes",
  'partner-auth': 'Partner staff sign-in',
  'partner-portal': 'Partner staff: members, vouchers, usage',
  admin: 'Platform operator: clients, keys, partners, trainers, content, jobs',
};

/** App operations first, then the partner, trainer and operator surfaces; admin last. */
const audienceOrder = (path: string): number =>
  path.startsWith('/admin') ? 3 : path.startsWith('/partner') ? 2 : path.startsWith('/trainer/') ? 1 : 0;

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
  // Tags in the order of their first operation, so references list the app's areas first too.
  const tags = [...new Set(paths.flatMap(([, ops]) => Object.values(ops).flatMap((op) => op.tags ?? [])))].map(
    (name) => ({
      name,
      description: tagDescriptions[name] ?? `${name[0]!.toUpperCase()}${name.slice(1).replace(/-/g, ' ')} operations`,
    }),
  );
  return { ...doc, tags, paths: Object.fromEntries(paths) };
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
