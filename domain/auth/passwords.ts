import argon2 from 'argon2';
import { z } from 'zod';

/** Argon2id with OWASP's second recommended profile (19 MiB, 2 passes): about 20-40 ms here. */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which e-mails exist. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword('not-a-real-password-0000'));
}

/** E-mail as stored: trimmed and lower-cased, so uniqueness is case-insensitive. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid e-mail address' }))
  .transform((e) => e.toLowerCase());

/**
 * Password policy: 8-128 characters, not only one kind of character, not one of the passwords
 * every cracker tries first. Length matters most (NIST 800-63B); composition rules are kept light.
 */
const common = new Set([
  'password',
  'password1',
  '12345678',
  '123456789',
  'qwertyuiop',
  'iloveyou',
  'letmein123',
  'abcdefgh',
  '11111111',
  'passw0rd',
]);
export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters')
  .refine((p) => !common.has(p.toLowerCase()), 'is too common')
  .refine((p) => new Set(p).size >= 4, 'must use at least 4 different characters');
