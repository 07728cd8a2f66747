import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RunningNode } from '../node.ts';
import { platformEm } from '../db/orm.ts';
import { sha256 } from '../../domain/auth/tokens.ts';
import { ApiKey } from '../../domain/tenancy/api-key.entity.ts';
import { seedDemoTenant } from '../../domain/seed/seed-demo.ts';
import { demoBanner, readDemoCredentials, writeDemoCredentials } from './demo-credentials.ts';

/**
 * What `npm start` does once the node listens: seed the demo tenant on an empty database (SEED_DEMO),
 * then print where to start. Credentials are printed only outside production, and only while the
 * demo key on file still works against this database (the file may outlive a wiped database).
 */
export async function seedAndAnnounce(config: Config, node: RunningNode, logger: Logger): Promise<void> {
  if (config.seedDemo) {
    try {
      const creds = await seedDemoTenant(platformEm(node.services.orm), { onlyIfEmpty: true });
      if (creds) logger.info({ file: writeDemoCredentials(config, creds), clientId: creds.clientId }, 'demo tenant seeded');
    } catch (err) {
      logger.error({ err }, 'seeding the demo tenant failed; the server runs without it');
    }
  }
  if (config.env === 'production') return;
  let creds = readDemoCredentials(config);
  if (creds) {
    const live = await platformEm(node.services.orm).count(ApiKey, { keyHash: sha256(creds.apiKey), revokedAt: null });
    if (!live) creds = null;
  }
  const secretsFile = join(dirname(resolve(config.database.embeddedDir)), 'dev-secrets.json');
  const adminTokenHint = node.services.secrets.generated ? `X-Admin-Token from ${secretsFile} ("adminToken")` : 'X-Admin-Token = the configured ADMIN_TOKEN';
  process.stdout.write(demoBanner({ url: `http://localhost:${node.port}`, creds, adminTokenHint }));
}
