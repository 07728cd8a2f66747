/**
 * A private cluster on loopback for benches and fault runs: PostgreSQL (initdb into a temp dir, run as the
 * `postgres` user when we are root), Redis, sTvOS nodes as `server/main.ts` processes, HAProxy. Nothing here
 * touches the machine's shared PostgreSQL or Redis: every server is started by us on its own port and stopped
 * (and its files removed) by `cleanup()`, which also runs on SIGINT/SIGTERM and on an uncaught error.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cleanups: Array<() => void> = [];
let cleaned = false;

/** Stops everything started here, newest first; safe to call twice. */
export function cleanup(): void {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      /* best effort: the next one still runs */
    }
  }
}
process.once('exit', cleanup);

/** Runs a benchmark's `main`, then stops what it started and exits: 0 when it finished, 1 (error printed) when not. */
export function runBench(main: () => Promise<unknown>): void {
  main().then(
    () => (cleanup(), process.exit(0)),
    (err: unknown) => {
      console.error(err);
      cleanup();
      process.exit(1);
    },
  );
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => (cleanup(), process.exit(130)));
process.once('uncaughtException', (err) => {
  console.error(err);
  cleanup();
  process.exit(1);
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
function pgExec(bin: string, args: string[]): string {
  const dir = readdirSync('/usr/lib/postgresql').sort().at(-1)!;
  const path = `/usr/lib/postgresql/${dir}/bin/${bin}`;
  return asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', path, ...args], { encoding: 'utf8' })
    : execFileSync(path, args, { encoding: 'utf8' });
}

export interface PrivatePostgres {
  url: string;
  stop(): void;
  start(): void;
  /** `pg_ctl stop -m fast` then start: every connection is cut. */
  restart(): void;
}

/** `settings`: extra server settings (`-c name=value`), e.g. `{ shared_preload_libraries: 'pg_stat_statements' }`. */
export function startPostgres(port: number, settings: Record<string, string> = {}): PrivatePostgres {
  const dir = mkdtempSync(join(tmpdir(), 'stvos-bench-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  pgExec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const extra = Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${extra.join('')}`;
  const start = () => void pgExec('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => void pgExec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  cleanups.push(() => {
    try {
      stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, start, stop, restart: () => (stop(), start()) };
}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRedis(port: number): Promise<PrivateRedis> {
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 50; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error('private redis did not start');
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  cleanups.push(() => {
    const c = child as ChildProcess | null;
    c?.kill('SIGKILL');
  });
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

export interface AppNode {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export const BENCH_SECRET = 'bench-jwt-secret-0123456789abcdef-0123456789';

/** One `server/main.ts` process; resolves when it listens. */
export async function startNode(name: string, env: Record<string, string>, port?: number): Promise<AppNode> {
  port ??= await freePort();
  const main = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_ACCESS_SECRET: BENCH_SECRET,
      ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
      SEED_DEMO: 'false',
      SOCKET_EVENTS_PER_SECOND: '1000',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_BURST: '1000000',
      LOGIN_ATTEMPTS_PER_15_MIN: '100000',
      EMBEDDED_DB_DIR: '/tmp/stvos-bench-unused',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => {
    out += c.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => void child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return { name, port, url, child, output: () => out, exited };
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`${name} did not start:\n${out}`);
}

/** HAProxy in front of `backends`, websocket-only traffic, on loopback; the config written is `deploy/haproxy.cfg`'s shape. */
export async function startHaproxy(
  port: number,
  backends: Array<{ name: string; port: number }>,
  statsPort: number,
): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'stvos-bench-haproxy-'));
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(port, backends, statsPort));
  if (asRoot) chownSync(dir, 0, 0);
  const child = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited ${child.exitCode}: ${err}`);
    try {
      await fetch(`${url}/api/v1/health`);
      return { url, stop };
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`haproxy did not start: ${err}`);
}

/** The same rules as deploy/haproxy.cfg (ports and servers filled in): health-checked round robin, long tunnels. */
export function haproxyConfig(
  port: number,
  backends: Array<{ name: string; port: number }>,
  statsPort: number,
): string {
  return `global
  maxconn 8000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout http-request 10s
  # A node busy with a reconnect storm answers its checks slowly: a 2 s check timeout took live nodes out of
  # rotation (HAProxy's own 503s) just when they were needed.
  timeout check 5s
  option http-server-close
  # A connection refused by a node that just died is retried on another one.
  retries 3
  option redispatch 1

frontend stvos
  bind 127.0.0.1:${port}
  default_backend nodes

frontend stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats

backend nodes
  balance roundrobin
  option httpchk GET /api/v1/health/ready
  http-check expect status 200
  # A dead node is taken out by its refused connections (5 in a row), not after two missed checks; a slow one
  # stays in until three checks in a row have failed.
  default-server inter 1s fastinter 500ms fall 3 rise 2 observe layer4 error-limit 5 on-error mark-down
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`).join('\n')}
`;
}
