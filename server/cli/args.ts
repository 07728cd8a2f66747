import type { ZodError } from 'zod';

/** A mistake in how the command was called: printed with a hint and exit code 2 (EX_USAGE-like). */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Record<string, string>;
}

/** `cmd pos --flag value --flag=value --switch`; a switch with no value reads as "true". */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`Malformed flag "${arg}"`);
    if (name in flags) throw new UsageError(`Flag --${name} given twice`);
    const next = rest[i + 1];
    if (eq !== -1) flags[name] = arg.slice(eq + 1);
    else if (next !== undefined && !next.startsWith('--')) flags[name] = rest[++i]!;
    else flags[name] = 'true';
  }
  return { command, positionals, flags };
}

/** Zod issues as flag names (`enabledFeatures.0` → `--features`-style hints are the caller's job). */
export function describeIssues(error: ZodError, rename: (path: string) => string = (p) => p): string {
  return error.issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return `unknown flag(s): ${i.keys.map((k) => `--${k}`).join(', ')}`;
      const path = i.path.map(String).join('.');
      return `${path ? rename(path) : 'input'}: ${i.message}`;
    })
    .join('\n  ');
}
