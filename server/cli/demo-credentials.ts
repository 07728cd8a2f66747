import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { DemoCredentials } from '../../domain/seed/seed-demo.ts';

/**
 * Dev convenience: the demo tenant's secrets exist only when it is seeded (keys are stored hashed), so
 * they are kept in `.data/demo.json`, beside the embedded database and dev-secrets.json, for every later
 * `npm start` to print again. Readable by the owner only. Delete it and the demo key is simply not shown.
 */
export function demoFilePath(config: Config): string {
  return join(dirname(resolve(config.database.embeddedDir)), 'demo.json');
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

/** The lines `npm start` and `npm run seed` print so a newcomer can try the API at once. */
export function demoBanner(opts: { url: string; creds: DemoCredentials | null; adminTokenHint: string }): string {
  const { url, creds } = opts;
  const lines = ['', `  sTvOS is running at ${url}`, `  API docs:      ${url}/api/v1/docs`, `  Partner portal: ${url}/partner`, `  Admin token:   ${opts.adminTokenHint}`];
  if (creds) {
    lines.push(
      `  Demo client:   ${creds.slug} (id ${creds.clientId})`,
      `  Demo API key:  ${creds.apiKey}`,
      `  Demo user:     ${creds.user.email} / ${creds.user.password}`,
      `  Partner login: ${creds.partnerLogin.email} / ${creds.partnerLogin.password}`,
      `  Voucher code:  ${creds.voucherCode}    Trainer invite: ${creds.inviteCode}`,
      '',
      '  Try it:',
      `    curl -H "X-API-Key: ${creds.apiKey}" ${url}/api/v1/app/config`,
    );
  } else {
    lines.push('', '  No demo credentials on file. Create a client with:', '    npm run admin -- client:create --slug my-studio --name "My Studio"');
  }
  return `${lines.join('\n')}\n`;
}
