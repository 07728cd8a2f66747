import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RunningNode } from '../node.ts';
import { platformEm } from '../db/orm.ts';
import { seedDemoTenant } from '../../domain/seed/seed-demo.ts';
import { demoKeyWorks, unusedDemoCodes } from '../../domain/seed/demo-credentials-live.ts';
import {
  demoBanner,
  demoFilePath,
  readDemoCredentials,
  writeDemoCredentials,
  type DemoView,
} from './demo-credentials.ts';
import { dataDir } from './local-files.ts';

/**
 * What `npm start` does once the node listens: seed the demo tenant on an empty database (SEED_DEMO),
 * then print where to start. Credentials are printed only outside production, and only while the
 * demo key on file still works against this database (the file may outlive a wiped database).
 */
export async function seedAndAnnounce(config: Config, node: RunningNode, logger: Logger): Promise<void> {
  const em = platformEm(node.services.orm);
  if (config.seedDemo) {
    try {
      const creds = await seedDemoTenant(em, { onlyIfEmpty: true });
      if (creds)
        logger.info({ file: writeDemoCredentials(config, creds), clientId: creds.clientId }, 'demo tenant seeded');
    } catch (err) {
      logger.error({ err }, 'seeding the demo tenant failed; the server runs without it');
    }
  }
  if (config.env === 'production') return;
  const adminTokenHint = node.services.secrets.generated
    ? `X-Admin-Token from ${dataDir(config)}/dev-secrets.json ("adminToken")`
    : 'X-Admin-Token = the configured ADMIN_TOKEN';
  process.stdout.write(
    demoBanner({
      url: `http://localhost:${node.port}`,
      demo: await demoView(config, node),
      adminTokenHint,
      demoFile: demoFilePath(config),
    }),
  );
}

async function demoView(config: Config, node: RunningNode): Promise<DemoView | null> {
  const creds = readDemoCredentials(config);
  const em = platformEm(node.services.orm);
  if (!creds || !(await demoKeyWorks(em, creds))) return null;
  return { creds, ...(await unusedDemoCodes(em, creds.clientId)) };
}
