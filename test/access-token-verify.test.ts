import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { signAccessToken, verifyAccessTokenSync, type TokenSettings } from '../domain/auth/tokens.ts';
import { AppError } from '../domain/shared/errors.ts';

/** The synchronous HS256 check (issue 12) refuses everything jose's jwtVerify refused for access tokens. */
const secret = new TextEncoder().encode('unit-secret-unit-secret-unit-secret-0123');
const settings: TokenSettings = {
  accessSecret: secret,
  issuer: 'stvos',
  audience: 'stvos-api',
  accessTtlSeconds: 900,
  refreshTtlSeconds: 3600,
};
const user = { typ: 'user', sub: 7, cid: 3, role: 'user' } as const;

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
}

const raw = (claims: Record<string, unknown>, alg = 'HS256', key: Uint8Array = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);

describe('verifyAccessTokenSync', () => {
  it('accepts a token we signed and returns its claims', async () => {
    const token = await signAccessToken(settings, user);
    expect(verifyAccessTokenSync(settings, token)).toMatchObject({
      typ: 'user',
      sub: 7,
      cid: 3,
      role: 'user',
      sid: expect.any(String),
    });
  });

  it('refuses tampering, other keys, algorithms, issuers and audiences, and missing claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = { ...user, sub: '7', sid: 's', iss: 'stvos', aud: 'stvos-api', iat: now, exp: now + 60 };
    const token = await raw(good);
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...good, cid: 4 })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    const cases: Array<[string, string]> = [
      ['payload swapped', `${h}.${forged}.${s}`],
      ['signature cut', `${h}.${p}.${s!.slice(0, -2)}`],
      ['alg none', none],
      ['other key', await raw(good, 'HS256', new TextEncoder().encode('another-secret-another-secret-0123456'))],
      ['HS512', await raw(good, 'HS512')],
      ['issuer', await raw({ ...good, iss: 'else' })],
      ['audience', await raw({ ...good, aud: 'stvos-api:admin' })],
      ['no sid', await raw({ ...good, sid: undefined })],
      ['no iat', await raw({ ...good, iat: undefined })],
      ['no exp', await raw({ ...good, exp: undefined })],
      ['not yet valid', await raw({ ...good, nbf: now + 60 })],
      ['unknown type', await raw({ ...good, typ: 'admin' })],
      ['two parts', `${h}.${p}`],
      ['garbage', 'a.b.c'],
    ];
    for (const [what, t] of cases)
      expect(
        code(() => verifyAccessTokenSync(settings, t)),
        what,
      ).toBe('INVALID_TOKEN');
    expect(code(() => verifyAccessTokenSync(settings, token))).toBeNull();
    const listed = await raw({ ...good, aud: ['x', 'stvos-api'] });
    expect(code(() => verifyAccessTokenSync(settings, listed))).toBeNull();
  });

  it('answers TOKEN_EXPIRED from the second of expiry on', async () => {
    const token = await signAccessToken(settings, user, new Date(1_000_000_000_000));
    const exp = 1_000_000_000 + 900;
    expect(code(() => verifyAccessTokenSync(settings, token, (exp - 1) * 1000))).toBeNull();
    expect(code(() => verifyAccessTokenSync(settings, token, exp * 1000))).toBe('TOKEN_EXPIRED');
  });
});
