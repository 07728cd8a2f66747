import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config.ts';

export interface Secrets {
  accessSecret: Uint8Array;
  adminToken: string;
  /** True when the admin token was generated here rather than configured. */
  generated: boolean;
}

/**
 * Production must configure its secrets (the config refuses to start otherwise). A development or test
 * machine without them gets random ones, kept beside the embedded database so tokens survive a restart.
 */
export function resolveSecrets(config: Config): Secrets {
  let access = config.jwt.accessSecret;
  let admin = config.adminToken;
  let generated = false;
  if (!access || !admin) {
    const file = join(dirname(resolve(config.database.embeddedDir)), 'dev-secrets.json');
    const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
    const next = {
      jwtAccessSecret: stored['jwtAccessSecret'] ?? randomBytes(32).toString('base64url'),
      adminToken: stored['adminToken'] ?? `adm_${randomBytes(24).toString('base64url')}`,
    };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
    access ??= next.jwtAccessSecret;
    if (!admin) {
      admin = next.adminToken;
      generated = true;
    }
  }
  return { accessSecret: new TextEncoder().encode(access), adminToken: admin, generated };
}
