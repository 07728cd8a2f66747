import { z, type ZodType } from 'zod';
import * as s from '../routes/admin/admin.schemas.ts';
import * as v from '../routes/voice/voice.schemas.ts';
import { UsageError, describeIssues } from './args.ts';
import type { AdminOps } from './admin-ops.ts';
import { contentImportCommand } from './content-import.ts';
import { adminAccountBody } from '../routes/admin/admin-accounts.routes.ts';
import { billingPlanBody } from '../routes/admin/admin-partner-billing.routes.ts';

type Flags = Record<string, string>;
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Flag names and value shapes; unknown flags are refused. */
  flags: z.ZodObject;
  run(ops: AdminOps, flags: any, positionals: string[]): Promise<unknown>;
  /** Printed to stderr after success, e.g. "store this key now". */
  note?: string;
}

const text = z.string().min(1, 'needs a value');
const id = z.coerce.number({ message: 'must be a number' }).int().positive();
const bool = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
/** A request quota per minute, or `default` for the platform default. */
const quota = z.string().transform((v) => (v === 'default' ? null : Number(v)));
const clientRef = { client: text.describe('client id or slug') };

const kebab = (path: string) =>
  path
    .replace(/^(branding|settings)\./, '')
    .replace(/^enabledFeatures(\.\d+)?$/, 'features')
    .replace(/\.\d+$/, '')
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Checks the request a command builds with the admin API's own schema; errors name the flags. */
function body<T extends ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(describeIssues(r.error, (p) => `--${kebab(p)}`));
  return r.data;
}

const drop = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function clientFields(f: Flags & Record<string, any>) {
  const branding = drop({
    name: f['brand-name'],
    logoUrl: f['logo-url'],
    primaryColor: f['primary-color'],
    secondaryColor: f['secondary-color'],
    accentColor: f['accent-color'],
  });
  return drop({
    name: f['name'],
    branding: Object.keys(branding).length ? branding : undefined,
    enabledFeatures: f['features'],
    requiresVoucher: f['requires-voucher'],
    isDefault: f['default'],
    settings: f['timezone'] ? { timezone: f['timezone'] } : undefined,
    rateLimitPerMinute: f['rate-limit-per-minute'],
  });
}

/** `--stale-after-minutes 60` → `{ staleAfterMinutes: 60 }`: numbers and true/false read as such, the rest as text. */
function jobOptions(flags: Record<string, string>): Record<string, unknown> {
  const value = (v: string): unknown =>
    /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  return Object.fromEntries(
    Object.entries(flags).map(([k, v]) => [k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()), value(v)]),
  );
}

const brandingFlags = {
  'brand-name': text,
  'logo-url': text,
  'primary-color': text,
  'secondary-color': text,
  'accent-color': text,
  timezone: text,
};
const KEY_NOTE = 'Store this API key now: only its hash is kept, it cannot be shown again.';

export const commands: Command[] = [
  {
    name: 'client:create',
    usage:
      '--slug <slug> --name <name> [--features a,b] [--requires-voucher true|false] [--default true|false] [--logo-url <url>] [--primary-color #hex] ...',
    summary: 'Create a client (tenant) and its first API key',
    flags: z
      .strictObject({
        slug: text,
        name: text,
        features: list,
        'requires-voucher': bool,
        default: bool,
        ...brandingFlags,
      })
      .partial({
        features: true,
        'requires-voucher': true,
        default: true,
        'brand-name': true,
        'logo-url': true,
        'primary-color': true,
        'secondary-color': true,
        'accent-color': true,
        timezone: true,
      }),
    run: (ops, f) => ops.createClient(body(s.createClientBody, { slug: f.slug, ...clientFields(f) })),
    note: KEY_NOTE,
  },
  {
    name: 'client:update',
    usage:
      '--client <id|slug> [--name] [--features a,b] [--requires-voucher true|false] [--default true|false] [--rate-limit-per-minute N|default] [--logo-url] [--primary-color] ...',
    summary: "Change a client's name, branding, features, voucher rule, default flag or aggregate request quota",
    flags: z
      .strictObject({
        ...clientRef,
        name: text,
        features: list,
        'requires-voucher': bool,
        default: bool,
        'rate-limit-per-minute': quota,
        ...brandingFlags,
      })
      .partial()
      .required({ client: true }),
    run: async (ops, f) =>
      ops.updateClient(await ops.resolveClient(f.client), body(s.updateClientBody, clientFields(f))),
  },
  {
    name: 'client:list',
    usage: '[--search <text>] [--page N] [--limit N]',
    summary: 'List clients',
    flags: z.strictObject({ search: text.optional(), page: id.optional(), limit: id.optional() }),
    run: (ops, f) =>
      ops.listClients(body(s.listClientsQuery, drop({ search: f.search, page: f.page, limit: f.limit }))),
  },
  {
    name: 'key:issue',
    usage: '--client <id|slug> [--name <label>]',
    summary: 'Issue another API key for a client',
    flags: z.strictObject({ ...clientRef, name: text.optional() }),
    run: async (ops, f) => ops.issueKey(await ops.resolveClient(f.client), body(s.keyBody, drop({ name: f.name }))),
    note: KEY_NOTE,
  },
  {
    name: 'key:rotate',
    usage: '--client <id|slug> --key <keyId>',
    summary: 'Rotate a key: the old one stops working at once',
    flags: z.strictObject({ ...clientRef, key: id }),
    run: async (ops, f) => ops.rotateKey(await ops.resolveClient(f.client), f.key),
    note: KEY_NOTE,
  },
  {
    name: 'key:revoke',
    usage: '--client <id|slug> --key <keyId>',
    summary: 'Revoke a key',
    flags: z.strictObject({ ...clientRef, key: id }),
    run: async (ops, f) => ops.revokeKey(await ops.resolveClient(f.client), f.key),
  },
  {
    name: 'key:list',
    usage: '--client <id|slug>',
    summary: "List a client's keys (prefix, created, last used, revoked)",
    flags: z.strictObject(clientRef),
    run: async (ops, f) => ops.listKeys(await ops.resolveClient(f.client)),
  },
  {
    name: 'universal-key:issue',
    usage: '[--name <label>]',
    summary: 'Issue a universal key (one app serving many clients)',
    flags: z.strictObject({ name: text.optional() }),
    run: (ops, f) => ops.issueUniversalKey(body(s.keyBody, drop({ name: f.name }))),
    note: KEY_NOTE,
  },
  {
    name: 'partner:create',
    usage: '--client <id|slug> --name <name>',
    summary: 'Create a partner of a client',
    flags: z.strictObject({ ...clientRef, name: text }),
    run: async (ops, f) => ops.createPartner(await ops.resolveClient(f.client), body(s.partnerBody, { name: f.name })),
  },
  {
    name: 'staff:create',
    usage: '--client <id|slug> --partner <partnerId> --email <email> --password <pw> [--name] [--role owner|viewer]',
    summary: 'Create a partner staff account',
    flags: z.strictObject({
      ...clientRef,
      partner: id,
      email: text,
      password: text,
      name: text.optional(),
      role: text.optional(),
    }),
    run: async (ops, f) =>
      ops.createStaff(
        await ops.resolveClient(f.client),
        f.partner,
        body(s.staffBody, drop({ email: f.email, password: f.password, name: f.name, role: f.role })),
      ),
  },
  {
    name: 'vouchers:issue',
    usage: '--client <id|slug> --quantity <1..500> [--prefix ABC] [--expires-at <ISO instant>] [--partner <partnerId>]',
    summary: 'Issue a batch of voucher codes',
    flags: z.strictObject({
      ...clientRef,
      quantity: z.coerce.number({ message: 'must be a number' }),
      prefix: text.optional(),
      'expires-at': text.optional(),
      partner: id.optional(),
    }),
    run: async (ops, f) =>
      ops.issueVouchers(
        await ops.resolveClient(f.client),
        body(
          s.voucherBatchBody,
          drop({ quantity: f.quantity, prefix: f.prefix, expiresAt: f['expires-at'], partnerId: f.partner }),
        ),
      ),
  },
  {
    name: 'trainer:create',
    usage: '--client <id|slug> --name <name> [--email] [--bio] [--image-url] [--specialisations a,b]',
    summary: 'Create a trainer profile',
    flags: z.strictObject({
      ...clientRef,
      name: text,
      email: text.optional(),
      bio: text.optional(),
      'image-url': text.optional(),
      specialisations: list.optional(),
    }),
    run: async (ops, f) =>
      ops.createTrainer(
        await ops.resolveClient(f.client),
        body(
          s.trainerBody,
          drop({
            name: f.name,
            email: f.email,
            bio: f.bio,
            imageUrl: f['image-url'],
            specialisations: f.specialisations,
          }),
        ),
      ),
  },
  {
    name: 'trainer:invite',
    usage: '--client <id|slug> --trainer <trainerId> [--expires-in-days N | --expires-at <ISO>]',
    summary: 'Issue an invite code a trainer registers with',
    flags: z.strictObject({
      ...clientRef,
      trainer: id,
      'expires-in-days': z.coerce.number().optional(),
      'expires-at': text.optional(),
    }),
    run: async (ops, f) =>
      ops.inviteTrainer(
        await ops.resolveClient(f.client),
        f.trainer,
        body(s.inviteBody, drop({ expiresInDays: f['expires-in-days'], expiresAt: f['expires-at'] })),
      ),
  },
  {
    name: 'job:run',
    usage:
      '<job-name> [--<option> <value>...]   e.g. job:run billing --month 2026-10, job:run stale-sessions --stale-after-minutes 60',
    summary:
      "Run a job now on the server's clock (a manual run; the schedule is untouched). Options are the job's own, checked by it",
    // Any flag is an option of the job (--stale-after-minutes → staleAfterMinutes); the job's schema decides.
    flags: z.object({}).catchall(text),
    run: (ops, f, positionals) => {
      if (positionals.length !== 1) throw new UsageError('job:run takes exactly one job name');
      return ops.runJob(positionals[0]!, Object.keys(f).length ? jobOptions(f) : undefined);
    },
  },
  {
    name: 'partner:plan',
    usage:
      '--client <id|slug> --partner <partnerId> --basis active_member|redeemed_voucher --price-minor <cents> --currency EUR [--time-zone Europe/Berlin]',
    summary: "Set a partner's billing plan (and its reporting time zone)",
    flags: z.strictObject({
      ...clientRef,
      partner: id,
      basis: text,
      'price-minor': z.coerce.number({ message: 'must be a number' }),
      currency: text,
      'time-zone': text.optional(),
    }),
    run: async (ops, f) =>
      ops.setBillingPlan(
        await ops.resolveClient(f.client),
        f.partner,
        body(
          billingPlanBody,
          drop({ basis: f.basis, priceMinor: f['price-minor'], currency: f.currency, timeZone: f['time-zone'] }),
        ),
      ),
  },
  {
    name: 'admin:create',
    usage: '--email <email> --password <pw> [--name <name>]',
    summary: 'Create a platform admin account (signs in at POST /api/v1/admin/auth/login)',
    flags: z.strictObject({ email: text, password: text, name: text.optional() }),
    run: (ops, f) =>
      ops.createAdmin(body(adminAccountBody, drop({ email: f.email, password: f.password, name: f.name }))),
  },
  {
    name: 'hume:config',
    usage: '--client <id|slug> --config <EVI config id> [--version N]',
    summary: "Set the client's Hume EVI config (what onboarding and users without a coach of their own talk to)",
    flags: z.strictObject({
      ...clientRef,
      config: text,
      version: z.coerce.number({ message: 'must be a number' }).optional(),
    }),
    run: async (ops, f) => {
      const checked = body(
        v.clientConfigBody.omit({ clientId: true }),
        drop({ configId: f.config, configVersion: f.version }),
      );
      return ops.setVoiceConfig({ ...checked, clientId: await ops.resolveClient(f.client) });
    },
  },
  {
    name: 'hume:trainer-config',
    usage: '--client <id|slug> --trainer <trainerId> --config <EVI config id|none> [--version N]',
    summary: "Set (or, with none, clear) a trainer's own Hume EVI config",
    flags: z.strictObject({
      ...clientRef,
      trainer: id,
      config: text,
      version: z.coerce.number({ message: 'must be a number' }).optional(),
    }),
    run: async (ops, f) => {
      const checked = body(v.trainerConfigsBody.omit({ clientId: true }), {
        trainers: [
          drop({ trainerId: f.trainer, configId: f.config === 'none' ? null : f.config, configVersion: f.version }),
        ],
      });
      return ops.setTrainerVoiceConfigs({ ...checked, clientId: await ops.resolveClient(f.client) });
    },
  },
  {
    name: 'voice:sync-tools',
    usage: '[--client <id|slug>]',
    summary: "Create or version the voice agent's tools in Hume and attach them to the configured EVI configs",
    flags: z.strictObject({ client: text.optional() }),
    run: async (ops, f) =>
      ops.syncVoiceTools(f.client ? { clientId: await ops.resolveClient(f.client) } : { all: true }),
  },
  contentImportCommand,
];

export function helpText(): string {
  const rows = commands.map((c) => `  ${c.name.padEnd(20)} ${c.summary}\n  ${''.padEnd(20)} ${c.usage}`);
  return [
    'Usage: npm run admin -- <command> [--flags]',
    '',
    'Commands:',
    ...rows,
    `  ${'help'.padEnd(20)} This text`,
    '',
    'Connection: with DATABASE_URL the database is opened directly; without it the embedded database is',
    "opened directly, unless a running server holds it: then the command goes through that server's admin",
    'API, at the address it wrote to .data/server.json (admin token from ADMIN_TOKEN or .data/dev-secrets.json).',
    'Pass --url http://host:port (or set STVOS_URL) to always use a server. Exit codes: 0 ok, 1 failed, 2 usage error.',
  ].join('\n');
}
