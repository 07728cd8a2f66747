import {
  createHash,
  createHmac,
  createSecretKey,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppError } from '../shared/errors.ts';
import type { AccountRef } from './revocations.ts';

export interface TokenSettings {
  accessSecret: Uint8Array;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** The earliest `iat` for a new token of an account (after its tokens were revoked); see revocations.ts. */
  notBefore?: (account: AccountRef) => number;
}

/**
 * Claims of an access token. `cid` binds it to one client: it is refused with another client's key. `sid`
 * names the sign-in (the refresh family) so one session can be revoked; a random one when not given.
 */
export type AccessClaims =
  | { typ: 'user'; sub: number; cid: number; role: 'user' | 'trainer'; sid?: string }
  | { typ: 'partner'; sub: number; cid: number; pid: number; sid?: string };

/** A verified access token: its claims plus what revocation and socket expiry need. */
export type VerifiedClaims = AccessClaims & { sid: string; iat: number; exp: number };

const ALG = 'HS256';

export function accountOfClaims(claims: { typ: 'user' | 'partner'; sub: number }): AccountRef {
  return claims.typ === 'user' ? `user:${claims.sub}` : `staff:${claims.sub}`;
}

/**
 * `iat` in seconds with milliseconds (RFC 7519 allows a fractional NumericDate), never before the account's
 * last revocation: account revocations compare to the millisecond (see revocations.ts).
 */
function issuedAt(settings: TokenSettings, account: AccountRef, now: Date): number {
  return Math.max(now.getTime(), settings.notBefore?.(account) ?? 0) / 1000;
}

export async function signAccessToken(
  settings: TokenSettings,
  claims: AccessClaims,
  now = new Date(),
): Promise<string> {
  const { sub, sid, ...rest } = claims;
  const iat = issuedAt(settings, accountOfClaims(claims), now);
  return new SignJWT({ ...rest, sid: sid ?? randomUUID() })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(String(sub))
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(Math.floor(iat) + settings.accessTtlSeconds)
    .setJti(randomUUID())
    .sign(settings.accessSecret);
}

/**
 * Verifies signature, algorithm, issuer, audience and expiry; answers 401 codes the app can act on.
 * `exp`, `iat` and `sid` are required: a token without an expiry would never die, one without a session
 * id could not be revoked. Revocation itself is checked by the caller (`Revocations.assertLive`).
 */
export async function verifyAccessToken(settings: TokenSettings, token: string): Promise<VerifiedClaims> {
  return verifyAccessTokenSync(settings, token);
}

/**
 * The same check without a promise: an HS256 signature is one HMAC, so it is done here with node:crypto
 * rather than through WebCrypto's asynchronous job (which cost a thread hop per request). Refuses what
 * `jwtVerify` refuses for these options: another algorithm or a `crit` header, a bad signature, a wrong
 * issuer or audience, `exp` at or before now, `nbf` after now, missing `exp`/`iat`/`sid`.
 */
export function verifyAccessTokenSync(settings: TokenSettings, token: string, nowMs = Date.now()): VerifiedClaims {
  const payload = verifyHs256(settings, token, nowMs);
  const sub = Number(payload['sub']);
  const cid = payload['cid'];
  const sid = payload['sid'];
  const exp = payload['exp'] as number;
  const iat = payload['iat'] as number;
  if (!Number.isInteger(sub) || typeof cid !== 'number' || typeof sid !== 'string') throw invalidToken();
  if (payload['typ'] === 'user' && (payload['role'] === 'user' || payload['role'] === 'trainer')) {
    return { typ: 'user', sub, cid, role: payload['role'], sid, iat, exp };
  }
  if (payload['typ'] === 'partner' && typeof payload['pid'] === 'number') {
    return { typ: 'partner', sub, cid, pid: payload['pid'], sid, iat, exp };
  }
  throw invalidToken();
}

const invalidToken = () => new AppError('unauthenticated', 'INVALID_TOKEN', 'Invalid access token');
const hmacKeys = new WeakMap<Uint8Array, KeyObject>();

function verifyHs256(settings: TokenSettings, token: string, nowMs: number): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalidToken();
  const [head, body, sig] = parts as [string, string, string];
  let key = hmacKeys.get(settings.accessSecret);
  if (!key) hmacKeys.set(settings.accessSecret, (key = createSecretKey(settings.accessSecret)));
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (!isObject(header) || header['alg'] !== ALG || 'crit' in header || header['b64'] === false) throw invalidToken();
  if (!isObject(payload)) throw invalidToken();
  const now = Math.floor(nowMs / 1000);
  const { iss, aud, exp, iat, nbf } = payload;
  if (iss !== settings.issuer) throw invalidToken();
  if (!(aud === settings.audience || (Array.isArray(aud) && aud.includes(settings.audience)))) throw invalidToken();
  if (typeof exp !== 'number' || typeof iat !== 'number' || !('sid' in payload)) throw invalidToken();
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) throw invalidToken();
  if (exp <= now) throw new AppError('unauthenticated', 'TOKEN_EXPIRED', 'Access token expired');
  return payload;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Platform-admin tokens use their own audience (`<audience>:admin`), so no app token can ever pass for one
 * and an admin token is refused wherever an app token is expected.
 */
export async function signAdminToken(settings: TokenSettings, adminId: number, now = new Date()): Promise<string> {
  const iat = issuedAt(settings, `admin:${adminId}`, now);
  return new SignJWT({ typ: 'admin', sid: randomUUID() })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(String(adminId))
    .setIssuer(settings.issuer)
    .setAudience(`${settings.audience}:admin`)
    .setIssuedAt(iat)
    .setExpirationTime(Math.floor(iat) + settings.accessTtlSeconds)
    .sign(settings.accessSecret);
}

export async function verifyAdminToken(
  settings: TokenSettings,
  token: string,
): Promise<{ adminId: number; sid: string; iat: number }> {
  try {
    const { payload } = await jwtVerify(token, settings.accessSecret, {
      algorithms: [ALG],
      issuer: settings.issuer,
      audience: `${settings.audience}:admin`,
      requiredClaims: ['exp', 'iat', 'sid'],
    });
    const sub = Number(payload.sub);
    const sid = payload['sid'];
    if (payload['typ'] !== 'admin' || !Number.isInteger(sub) || typeof sid !== 'string')
      throw new Error('not an admin token');
    return { adminId: sub, sid, iat: payload.iat! };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired)
      throw new AppError('unauthenticated', 'TOKEN_EXPIRED', 'Admin token expired');
    throw new AppError('unauthenticated', 'INVALID_ADMIN_TOKEN', 'Invalid admin token');
  }
}

/** Opaque refresh tokens: `<id>.<secret>`; only a SHA-256 of the whole is stored. */
export function newRefreshToken(): { id: string; token: string; hash: string } {
  const id = randomUUID();
  const token = `${id}.${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: sha256(token) };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
