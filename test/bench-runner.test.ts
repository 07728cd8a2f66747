import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('npm run bench', () => {
  it('points at a runner that exists and finds the benchmarks in bench/', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const target = /node (\S+\.ts)/.exec(pkg.scripts['bench']!)?.[1];
    expect(target && existsSync(join(root, target))).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, target!), '--list']);
    const names = stdout.trim().split('\n');
    expect(names).toContain('heartbeats');
    expect(names).not.toContain('heartbeats-server');
    expect(names).not.toContain('run');
  });
});
