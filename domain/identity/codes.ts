import { randomBytes } from 'node:crypto';

/**
 * 32 symbols without the look-alikes 0/O and 1/I, so a code read aloud or typed from paper works.
 * 32 divides 256, so masking a random byte keeps every symbol equally likely (no modulo bias).
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `groups` groups of `size` random symbols joined by dashes: 5 bits of entropy per symbol. */
export function randomCode(groups: number, size = 4): string {
  const bytes = randomBytes(groups * size);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]);
  const parts: string[] = [];
  for (let i = 0; i < groups; i++) parts.push(chars.slice(i * size, (i + 1) * size).join(''));
  return parts.join('-');
}

/** A code with an optional operator-chosen prefix (`ACME-7KQ2-...`); codes match `^[A-Z0-9-]{4,40}$`. */
export function prefixedCode(prefix: string | undefined, groups: number): string {
  const code = randomCode(groups);
  return prefix ? `${prefix.toUpperCase()}-${code}` : code;
}
