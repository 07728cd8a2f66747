import { Router, type Request, type Response, type NextFunction } from 'express';
import { z, type ZodType } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../domain/shared/errors.ts';
import type { Actor, Ctx, Tenant } from '../../domain/shared/context.ts';
import { requireFeature } from '../../domain/shared/context.ts';
import { tenantOf } from '../../domain/shared/scope.ts';
import { buildContext, runUseCase } from '../../domain/shared/use-case.ts';
import { once, rememberRefusal } from '../../domain/shared/idempotency.ts';
import { idempotentRequest, type IdempotencyScope, type Invalidates } from './route-options.ts';
import type { VerifiedClaims } from '../../domain/auth/tokens.ts';
import { type Feature } from '../../domain/tenancy/client.entity.ts';
import type { Services } from '../services.ts';
import { registry, errorSchema } from './openapi.ts';
import { fieldErrors } from './error-map.ts';
import { assertNoNul } from './nul-guard.ts';
import { invalidMessage, strictInput } from './strict.ts';
import {
  apiKeyHashOf,
  assertTokenMatchesKey,
  bearerOf,
  cachedClient,
  resolveApiKey,
  verifyBearer,
  type KeyInfo,
} from './request-auth.ts';
import { limitCaller, limitClient } from './middleware/rate-limit.ts';
import type { NamedBucket } from '../rate-limits.ts';
import { jsonBodyReader } from './json-body.ts';
import { markRoute } from './middleware/request-context.ts';
import { authenticateAdmin } from './middleware/admin-auth.ts';
import { platformEm } from '../db/orm.ts';
import { JsonText } from '../../domain/shared/json-text.ts';

/**
 * How a route is reached:
 * - `none`: no credentials (health, deep links, invite checks, partner login).
 * - `key`: a client API key; a bearer token is optional and, when present, must match the key's client.
 *   With `universal: true` the universal key is accepted without a token (the handler resolves the tenant).
 * - `user` / `trainer`: key + bearer of a user (of the trainer role for `trainer`).
 * - `partner`: a partner-staff bearer, no key; `partner+key`: both (voucher endpoints).
 * - `admin`: the platform admin token.
 */
export type AuthMode = 'none' | 'key' | 'user' | 'trainer' | 'partner' | 'partner+key' | 'admin';

export interface Call {
  services: Services;
  req: Request;
  res: Response;
  requestId: string;
  key: KeyInfo | null;
  claims: VerifiedClaims | null;
  /** The tenant-bound context; throws when the route resolved no tenant (universal key, admin, none). */
  readonly ctx: Ctx;
  readonly hasTenant: boolean;
  /** A fork for platform-level work (admin routes, tenant resolution). */
  platformEm(): EntityManager;
  /** Builds a context for a tenant the handler resolved itself (universal key, admin acting on a client). */
  contextFor(tenant: Tenant, actor?: Actor): Ctx;
  /** The request's Idempotency-Key on a route with `idempotency` (null without one, or on other routes). */
  readonly idempotencyKey: string | null;
  /** Runs `fn` in a transaction, then publishes the events it recorded, only after the commit. */
  transact<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T>;
}

/** A handler may answer something other than the JSON envelope (CSV, HTML, a redirect). */
export class RawReply {
  readonly send: (res: Response) => void;
  constructor(send: (res: Response) => void) {
    this.send = send;
  }
}

interface RouteSpec<B extends ZodType, Q extends ZodType, P extends ZodType, R extends ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag: string;
  summary: string;
  auth: AuthMode;
  universal?: boolean;
  /**
   * Routes that start a session (register, login, refresh) do not read a bearer token: apps attach their
   * (possibly expired) access token to every call, and an expired one must not block getting a new one.
   */
  ignoreBearer?: boolean;
  feature?: Feature;
  /**
   * A stricter per-caller bucket for an expensive operation, on top of the caller's general one:
   * `'ai'` (plan generation), `'scan'` (food photos), `'search'`, `'register'` (account creation) or
   * `'token'` (login, refresh, media join tokens), `'bulk'` (voucher batches, CSV exports). Shapes in server/rate-limits.ts (NAMED_BUCKETS).
   */
  limit?: NamedBucket;
  /**
   * A JSON body is read only once the route matched and its key, token and rate limits passed, capped at
   * BODY_LIMIT_BYTES; `bodyLimit` raises the cap (bytes) for a route that needs more (a data-URL photo).
   * Other content types are left unread for the handler (multipart uploads, webhooks' raw bytes).
   */
  bodyLimit?: number;
  /** The handler reads the body's bytes itself (a signed webhook whose signature covers them): no JSON parsing. */
  rawBody?: boolean;
  /** An `Idempotency-Key` header replays the first answer (server/http/route-options.ts). */
  idempotency?: IdempotencyScope;
  /** Node caches the route's committed changes make stale, emptied after the handler succeeded (route-options.ts). */
  invalidates?: Invalidates;
  body?: B;
  query?: Q;
  params?: P;
  response?: R;
  status?: number;
  /** Register in OpenAPI only (health, metrics and docs are served outside /api/v1 routers too). */
  handler(
    input: { body: z.output<B>; query: z.output<Q>; params: z.output<P> },
    call: Call,
  ): Promise<z.input<R> | RawReply | JsonText>;
}

type Empty = z.ZodObject<Record<string, never>>;
type AnyRoute = RouteSpec<ZodType, ZodType, ZodType, ZodType>;

export function route<
  B extends ZodType = Empty,
  Q extends ZodType = Empty,
  P extends ZodType = Empty,
  R extends ZodType = ZodType,
>(spec: RouteSpec<B, Q, P, R>): AnyRoute {
  return spec as unknown as AnyRoute;
}

const security: Record<AuthMode, Array<Record<string, string[]>>> = {
  none: [],
  key: [{ apiKey: [] }],
  user: [{ apiKey: [], bearer: [] }],
  trainer: [{ apiKey: [], bearer: [] }],
  partner: [{ bearer: [] }],
  'partner+key': [{ apiKey: [], bearer: [] }],
  admin: [{ adminToken: [] }],
};

function document(spec: AnyRoute): void {
  const errorResponse = { description: 'Error', content: { 'application/json': { schema: errorSchema } } };
  registry.registerPath({
    method: spec.method,
    path: `/${spec.path.replace(/^\//, '')}`.replace(/:([A-Za-z]+)/g, '{$1}'),
    tags: [spec.tag],
    summary: spec.summary,
    security: security[spec.auth],
    request: {
      ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: {
      [spec.status ?? 200]: {
        description: 'Success',
        content: {
          'application/json': {
            schema: z.object({ success: z.literal(true), data: spec.response ?? z.unknown() }),
          },
        },
      },
      '4XX': errorResponse,
    },
  });
}

/** What a route without a query or body schema accepts: nothing, so a stray key is named rather than ignored. */
const nothing = z.strictObject({});

/** Registers routes in the OpenAPI document without serving them (the document printed by `npm run openapi`). */
export function documentRoutes(routes: AnyRoute[]): void {
  for (const spec of routes) document(spec);
}

function parse<T extends ZodType>(schema: T | undefined, value: unknown, location: string): z.output<T> {
  if (!schema) return {} as z.output<T>;
  assertNoNul(value, location);
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const message = invalidMessage(result.error, location);
    throw new AppError(
      'validation',
      'VALIDATION_ERROR',
      message,
      fieldErrors(result.error).map((e) => ({ ...e, location })),
    );
  }
  return result.data;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  for (const _ in value as object) return false;
  return true;
}

async function loadClient(services: Services, clientId: number) {
  const client = await cachedClient(services, clientId);
  if (!client) throw new AppError('unauthenticated', 'INVALID_TOKEN', 'The client of this token no longer exists');
  return client;
}

function actorOf(claims: VerifiedClaims | null): Actor {
  if (!claims) return { kind: 'anonymous' };
  return claims.typ === 'user'
    ? { kind: 'user', userId: claims.sub, role: claims.role }
    : { kind: 'partner_staff', staffId: claims.sub, partnerId: claims.pid };
}

interface Authenticated {
  key: KeyInfo | null;
  claims: VerifiedClaims | null;
  tenant: Tenant | null;
  /** The tenant's aggregate request quota per minute (null: the platform default). */
  quota?: number | null;
}

async function authenticate(spec: AnyRoute, services: Services, req: Request): Promise<Authenticated> {
  if (spec.auth === 'none') return { key: null, claims: null, tenant: null };
  if (spec.auth === 'admin') {
    await authenticateAdmin(services, req);
    return { key: null, claims: null, tenant: null };
  }
  const needsKey = spec.auth !== 'partner';
  const header = needsKey ? req.get('x-api-key') : undefined;
  const keyHash = header && header.length <= 200 ? apiKeyHashOf(req, header) : undefined;
  const key = needsKey ? await resolveApiKey(services, null, header, keyHash) : null;
  const token = spec.ignoreBearer ? undefined : bearerOf(req);
  const needsToken = spec.auth !== 'key';
  if (!token && needsToken) throw new AppError('unauthenticated', 'UNAUTHORIZED', 'A bearer token is required');
  const claims = token ? await verifyBearer(services, token) : null;
  if (claims && key) assertTokenMatchesKey(claims, key);
  if (spec.auth === 'user' || spec.auth === 'trainer') {
    if (claims?.typ !== 'user') throw new AppError('unauthenticated', 'INVALID_TOKEN', 'A user token is required');
    if (spec.auth === 'trainer' && claims.role !== 'trainer')
      throw new AppError('forbidden', 'FORBIDDEN', 'This route is for trainers');
  }
  if ((spec.auth === 'partner' || spec.auth === 'partner+key') && claims?.typ !== 'partner') {
    throw new AppError('unauthenticated', 'INVALID_TOKEN', 'A partner token is required');
  }
  const client = key?.kind === 'client' ? key.client : claims ? await loadClient(services, claims.cid) : null;
  if (client) return { key, claims, tenant: tenantOf(client), quota: client.rateLimitPerMinute ?? null };
  if (!spec.universal)
    throw new AppError('unauthenticated', 'CLIENT_KEY_REQUIRED', 'This route needs a client API key or a user token');
  return { key, claims, tenant: null };
}

export function mount(services: Services, routes: AnyRoute[]): Router {
  const router = Router();
  for (const spec of routes) {
    document(spec);
    // Strict copies for validation (see strict.ts); the document keeps the schemas as declared.
    const schemas = {
      params: spec.params && strictInput(spec.params),
      query: strictInput(spec.query ?? nothing),
      body: strictInput(spec.body ?? nothing),
    };
    // Read after the key, the token and the limits; a raised limit only where the route declares it.
    const readBody = jsonBodyReader(spec.bodyLimit ?? services.config.http.bodyLimitBytes);
    router[spec.method](
      spec.path,
      // One handler per route, in the order the three layers (markRoute, limitCaller, this) had: a layer per
      // step cost each request a router dispatch and a promise more.
      async (req: Request, res: Response, next: NextFunction) => {
        markRoute(req, res);
        try {
          await limitCaller(services, req, res, spec.auth, spec.limit);
          const { key, claims, tenant, quota } = await authenticate(spec, services, req);
          if (tenant) await limitClient(services, res, tenant.id, quota ?? null);
          const reading = spec.rawBody ? null : readBody(req, res);
          if (reading) await reading;
          const requestId = String(res.locals['requestId']);
          const contextFor = (t: Tenant, actor: Actor = actorOf(claims)): Ctx =>
            buildContext(services.orm.em, { tenant: t, actor });
          const ctx = tenant ? contextFor(tenant) : null;
          if (ctx && spec.feature) requireFeature(ctx, spec.feature);
          const input = {
            params: parse(schemas.params, req.params, 'params'),
            // No schema and nothing sent: the `{}` the strict empty schema would answer, without running it.
            query: !spec.query && isEmpty(req.query) ? {} : parse(schemas.query, req.query, 'query'),
            body: spec.rawBody
              ? undefined
              : !spec.body && req.body === undefined
                ? {}
                : parse(schemas.body, req.body, 'body'),
          };
          const idempotent = spec.idempotency ? idempotentRequest(req, spec.idempotency, input) : null;
          const committed = new Set<number>();
          const call: Call = {
            services,
            req,
            res,
            requestId,
            key,
            claims,
            get ctx(): Ctx {
              if (!ctx)
                throw new AppError(
                  'unauthenticated',
                  'CLIENT_KEY_REQUIRED',
                  'This route needs a client API key or a user token',
                );
              return ctx;
            },
            hasTenant: ctx !== null,
            platformEm: () => platformEm(services.orm),
            contextFor,
            idempotencyKey: idempotent?.key ?? null,
            async transact(base, fn) {
              if (!idempotent) {
                const result = await runUseCase(base, services.publisher, fn);
                committed.add(base.tenant.id);
                return result;
              }
              try {
                const answer = await runUseCase(base, services.publisher, (tx) =>
                  once(tx, idempotent.key, idempotent.hash, spec.status ?? 200, () => fn(tx)),
                );
                if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
                committed.add(base.tenant.id);
                return answer.body;
              } catch (err) {
                await rememberRefusal(base, idempotent.key, idempotent.hash, err);
                throw err;
              }
            },
          };
          const data = await spec.handler(input, call);
          if (spec.invalidates === 'discover-all') await services.contentCache.invalidateAll();
          else if (spec.invalidates === 'discover') {
            // The tenants its use cases committed for through call.transact; a handler whose use cases commit on
            // their own (a live class's start and end: transactions around a LiveKit call) counts for its tenant.
            if (!committed.size && ctx) committed.add(ctx.tenant.id);
            for (const tenantId of committed) await services.contentCache.invalidate(tenantId);
          }
          if (data instanceof RawReply) return data.send(res);
          res.status(spec.status ?? 200);
          // Pre-serialized data: the bytes (and so the ETag) res.json would have sent, without serializing again.
          if (data instanceof JsonText) {
            if (!res.get('Content-Type')) res.set('Content-Type', 'application/json'); // as res.json does
            res.send(`{"success":true,"data":${data.json}}`);
          } else res.json({ success: true, data });
        } catch (err) {
          next(err);
        }
      },
    );
  }
  return router;
}
