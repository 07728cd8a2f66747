import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { testEnv } from './node.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

export interface SpawnedNode {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** `server/main.ts` as its own process, the way `npm start` runs it; resolves once it listens. */
export async function spawnNode(overrides: Record<string, string> = {}): Promise<SpawnedNode> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...testEnv({ PORT: String(port), LOG_LEVEL: 'info', ...overrides }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${out}`)), 30_000);
    void exited.then((code) => reject(new Error(`node exited with ${code}:\n${out}`)));
    child.stdout!.on('data', () => {
      if (out.includes('"msg":"sTvOS listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, port, output: () => out, exited };
}
