import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import type { DemoCredentials } from '../../domain/seed/seed-demo.ts';
import { databaseLabel, dataDir } from './local-files.ts';

/**
 * Dev convenience: the demo tenant's secrets exist only when it is seeded (keys are stored hashed), so
 * they are kept in `.data/`, beside the embedded database and dev-secrets.json, for every later
 * `npm start` to print again. One file per database: `demo.json` for the embedded one, and
 * `demo.<host-port-name>.json` for a DATABASE_URL, so a PostgreSQL run never overwrites the embedded
 * demo's key. Readable by the owner only. Deleted or stale, `npm run seed` re-issues it.
 */
export function demoFilePath(config: Config): string {
  const label = databaseLabel(config);
  return join(dataDir(config), label === 'embedded' ? 'demo.json' : `demo.${label}.json`);
}

export function writeDemoCredentials(config: Config, creds: DemoCredentials): string {
  const file = demoFilePath(config);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function readDemoCredentials(config: Config): DemoCredentials | null {
  const file = demoFilePath(config);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
  } catch {
    return null;
  }
}

/** What the banner shows of the demo: the codes are the ones still unused now, not those on file. */
export interface DemoView {
  creds: DemoCredentials;
  voucherCode: string | null;
  inviteCode: string | null;
}

/** The lines `npm start` prints so a newcomer can try the API at once. */
export function demoBanner(opts: {
  url: string;
  demo: DemoView | null;
  adminTokenHint: string;
  demoFile: string;
}): string {
  const { url, demo } = opts;
  const lines = [
    '',
    `  sTvOS is running at ${url}`,
    `  API docs:       ${url}/api/v1/docs`,
    `  Partner portal: ${url}/partner`,
    `  Admin token:    ${opts.adminTokenHint}`,
  ];
  if (demo) {
    const { creds } = demo;
    lines.push(
      `  Demo client:    ${creds.slug} (id ${creds.clientId})`,
      `  Demo API key:   ${creds.apiKey}`,
      `  Demo user:      ${creds.user.email} / ${creds.user.password}`,
      `  Partner login:  ${creds.partnerLogin.email} / ${creds.partnerLogin.password}`,
      `  Voucher code:   ${demo.voucherCode ?? '(all used: npm run admin -- vouchers:issue)'}    Trainer invite: ${demo.inviteCode ?? '(used)'}`,
      '',
      '  Try it:',
      `    curl -H "X-API-Key: ${creds.apiKey}" ${url}/api/v1/app/config`,
      `    curl -H "X-API-Key: ${creds.apiKey}" ${url}/api/v1/trainers`,
    );
  } else {
    lines.push(
      '',
      `  No working demo credentials for this database in ${opts.demoFile}.`,
      '  Seed (or re-issue) the demo tenant with:   npm run seed   (with the server stopped)',
      '  or create a client with:   npm run admin -- client:create --slug my-studio --name "My Studio"',
    );
  }
  return `${lines.join('\n')}\n`;
}
