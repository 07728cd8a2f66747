import { z, type ZodType } from 'zod';
import { util, type $ZodType } from 'zod/v4/core';

/**
 * Input schemas are strict everywhere: an unknown key is a 400 naming it, never silently dropped (a typo such
 * as `dietaryRestriction` must not pass as "no restriction"). Rather than trusting every author to write
 * `z.strictObject`, `route()` and the socket `on()` pass their schemas through `strictInput` once, at
 * registration: every object that would strip unknown keys (zod's default) becomes strict, deep inside
 * arrays, unions, optionals, defaults and pipes. Objects that declare a catchall (`.loose()`, `.catchall(...)`)
 * opened on purpose and stay as they are; records are open maps by definition.
 */
const converted = new WeakMap<$ZodType, $ZodType>();
const never = z.never();

export function strictInput<T extends ZodType>(schema: T): T {
  return deep(schema as unknown as $ZodType) as unknown as T;
}

function deep(s: $ZodType): $ZodType {
  const done = converted.get(s);
  if (done) return done;
  // A cycle (through z.lazy) sees the schema itself while it is being converted; lazy re-resolves below.
  converted.set(s, s);
  const out = rewrite(s);
  converted.set(s, out);
  if (out !== s) converted.set(out, out);
  return out;
}

function rewrite(s: $ZodType): $ZodType {
  // Loosely typed on purpose: each case reads the fields of its own kind of definition.
  const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
  const clone = (patch: Record<string, unknown>): $ZodType => util.clone(s, { ...def, ...patch } as never);
  const each = (list: unknown): $ZodType[] => (list as $ZodType[]).map(deep);
  switch (def.type) {
    case 'object': {
      const shape = def['shape'] as Record<string, $ZodType>;
      const next = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, deep(v)]));
      return clone({ shape: next, catchall: def['catchall'] ?? never });
    }
    case 'array':
      return clone({ element: deep(def['element'] as $ZodType) });
    case 'tuple':
      return clone({ items: each(def['items']), ...(def['rest'] ? { rest: deep(def['rest'] as $ZodType) } : {}) });
    case 'union':
      return clone({ options: each(def['options']) });
    case 'intersection':
      // zod rejects a key in an intersection only when both sides reject it, so strict sides still compose.
      return clone({ left: deep(def['left'] as $ZodType), right: deep(def['right'] as $ZodType) });
    case 'record':
      return clone({ valueType: deep(def['valueType'] as $ZodType) });
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return clone({ innerType: deep(def['innerType'] as $ZodType) });
    case 'pipe':
      return clone({ in: deep(def['in'] as $ZodType), out: deep(def['out'] as $ZodType) });
    case 'lazy': {
      const getter = def['getter'] as () => $ZodType;
      const { _cachedInner: _dropped, ...rest } = def;
      return util.clone(s, { ...rest, getter: () => deep(getter()) } as never);
    }
    default:
      return s;
  }
}

/** The message of a failed validation: names the unknown keys when there are any. */
export function invalidMessage(error: z.ZodError, location: string): string {
  const unknown = error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
  return unknown.length
    ? `Unknown key${unknown.length > 1 ? 's' : ''} in ${location}: ${unknown.join(', ')}`
    : `Invalid ${location}`;
}
