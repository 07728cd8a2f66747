import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppError } from '../shared/errors.ts';

export interface TokenSettings {
  accessSecret: Uint8Array;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

/** Claims of an access token. `cid` binds it to one client: it is refused with another client's key. */
export type AccessClaims =
  | { typ: 'user'; sub: number; cid: number; role: 'user' | 'trainer' }
  | { typ: 'partner'; sub: number; cid: number; pid: number };

const ALG = 'HS256';

export async function signAccessToken(settings: TokenSettings, claims: AccessClaims, now = new Date()): Promise<string> {
  const { sub, ...rest } = claims;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(String(sub))
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.accessTtlSeconds)
    .setJti(randomUUID())
    .sign(settings.accessSecret);
}

/** Verifies signature, algorithm, issuer, audience and expiry; answers 401 codes the app can act on. */
export async function verifyAccessToken(settings: TokenSettings, token: string): Promise<AccessClaims & { exp: number }> {
  try {
    const { payload } = await jwtVerify(token, settings.accessSecret, {
      algorithms: [ALG],
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const sub = Number(payload.sub);
    const cid = payload['cid'];
    const exp = payload.exp ?? 0;
    if (!Number.isInteger(sub) || typeof cid !== 'number') throw new Error('malformed claims');
    if (payload['typ'] === 'user' && (payload['role'] === 'user' || payload['role'] === 'trainer')) {
      return { typ: 'user', sub, cid, role: payload['role'], exp };
    }
    if (payload['typ'] === 'partner' && typeof payload['pid'] === 'number') {
      return { typ: 'partner', sub, cid, pid: payload['pid'], exp };
    }
    throw new Error('unknown token type');
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new AppError('unauthenticated', 'TOKEN_EXPIRED', 'Access token expired');
    throw new AppError('unauthenticated', 'INVALID_TOKEN', 'Invalid access token');
  }
}

/**
 * Platform-admin tokens use their own audience (`<audience>:admin`), so no app token can ever pass for one
 * and an admin token is refused wherever an app token is expected.
 */
export async function signAdminToken(settings: TokenSettings, adminId: number, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ typ: 'admin' })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(String(adminId))
    .setIssuer(settings.issuer)
    .setAudience(`${settings.audience}:admin`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.accessTtlSeconds)
    .sign(settings.accessSecret);
}

export async function verifyAdminToken(settings: TokenSettings, token: string): Promise<number> {
  try {
    const { payload } = await jwtVerify(token, settings.accessSecret, {
      algorithms: [ALG],
      issuer: settings.issuer,
      audience: `${settings.audience}:admin`,
    });
    const sub = Number(payload.sub);
    if (payload['typ'] !== 'admin' || !Number.isInteger(sub)) throw new Error('not an admin token');
    return sub;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new AppError('unauthenticated', 'TOKEN_EXPIRED', 'Admin token expired');
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
