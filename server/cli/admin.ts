import { ConfigError, loadConfig, type Config } from '../config.ts';
import { resolveSecrets } from '../secrets.ts';
import { AppError } from '../../domain/shared/errors.ts';
import { UsageError, describeIssues, parseArgs } from './args.ts';
import { commands, helpText, type Command } from './admin-commands.ts';
import type { AdminOps } from './admin-ops.ts';
import { dataDir, readServerAddress } from './local-files.ts';
import { loadDotEnv } from '../dotenv.ts';

/**
 * `npm run admin -- <command> [--flags]`: set up studios without writing code. Prints the result as
 * JSON on stdout; exit 0 on success, 1 when the operation failed, 2 on a usage error.
 */
async function connect(config: Config, url: string | undefined): Promise<AdminOps> {
  // Loaded here, not at the top: the ORM and the HTTP client cost most of the CLI's start, and usage errors and
  // help never need them.
  const [{ cliLogger, EmbeddedBusyError, openDirect }, { directOps }, { httpOps }] = await Promise.all([
    import('./cli-runtime.ts'),
    import('./admin-ops.direct.ts'),
    import('./admin-ops.http.ts'),
  ]);
  const viaServer = (base: string) => httpOps(base, process.env['ADMIN_TOKEN'] ?? resolveSecrets(config).adminToken);
  const given = url ?? process.env['STVOS_URL'];
  if (given) return viaServer(given);
  try {
    return directOps(await openDirect(config, cliLogger()));
  } catch (err) {
    if (!(err instanceof EmbeddedBusyError)) throw err;
    // `npm start` holds the embedded database: go through its admin API, at the address it left in .data/.
    const running = readServerAddress(config);
    if (!running) {
      throw new AppError(
        'unavailable',
        'SERVER_UNREACHABLE',
        `The embedded database is in use, but no running server left its address in ${dataDir(config)}/server.json. ` +
          'Point the CLI at it with --url http://host:port or STVOS_URL=http://host:port.',
      );
    }
    process.stderr.write(
      `The embedded database is in use by the running server (pid ${running.pid}); using its admin API at ${running.url}\n`,
    );
    return viaServer(running.url);
  }
}

/**
 * Runs the command against stand-in operations that stop at the first real call: every flag and body
 * check happens before anything connects, so a usage error never waits on (or fails with) the database.
 */
const DRY = Symbol('dry run reached an operation');
async function checkWithoutConnecting(command: Command, flags: unknown, positionals: string[]): Promise<void> {
  const dry = new Proxy({} as AdminOps, {
    get: (_t, prop) => (prop === 'resolveClient' ? async () => 0 : async () => Promise.reject(DRY)),
  });
  try {
    await command.run(dry, flags, positionals);
  } catch (err) {
    if (err !== DRY) throw err;
  }
}

async function main(argv: string[]): Promise<number> {
  const { command: name, positionals, flags } = parseArgs(argv);
  if (!name || name === 'help' || name === '--help' || flags['help']) {
    process.stdout.write(`${helpText()}\n`);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`Unknown command "${name}". Run "npm run admin -- help" for the list.`);
  const { url, ...commandFlags } = flags;
  const parsed = command.flags.safeParse(commandFlags);
  if (!parsed.success)
    throw new UsageError(`${describeIssues(parsed.error, (p) => `--${p}`)}\n  usage: ${command.name} ${command.usage}`);
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw new UsageError('--url must be an http(s) URL');
  const envUrl = process.env['STVOS_URL'];
  if (envUrl && !/^https?:\/\/\S+$/.test(envUrl)) throw new UsageError('STVOS_URL must be an http(s) URL');

  await checkWithoutConnecting(command, parsed.data, positionals);

  loadDotEnv();
  const config = loadConfig();
  const ops = await connect(config, url);
  try {
    const result = await command.run(ops, parsed.data, positionals);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (command.note) process.stderr.write(`${command.note}\n`);
    return 0;
  } finally {
    await ops.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`usage error: ${err.message}\n`);
    process.exitCode = 2;
  } else if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 78;
  } else if (err instanceof AppError) {
    process.stderr.write(
      `error: ${err.code}: ${err.message}${err.details ? `\n${JSON.stringify(err.details, null, 2)}` : ''}\n`,
    );
    process.exitCode = err.kind === 'validation' ? 2 : 1;
  } else {
    process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
