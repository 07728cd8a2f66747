import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../migrations/index.ts';
import { openOrm, platformEm, type Orm } from '../server/db/orm.ts';
import { entities } from '../server/db/entities.ts';

/**
 * Schema truth (issue 14, item 7): migrations run in one order, by number, and every entity agrees with the
 * schema those migrations build (the test database was migrated by test/support/global-setup.ts).
 */
const numberOf = (name: string): number => Number(/^(\d{4})-/.exec(name)?.[1] ?? NaN);

describe('migration order', () => {
  it('lists migrations sorted by their number, each number once', () => {
    const numbers = migrations.map((m) => numberOf(m.name));
    expect(numbers.every(Number.isInteger)).toBe(true);
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('lists every file in migrations/ under its file name, and nothing else', () => {
    const files = readdirSync(new URL('../migrations/', import.meta.url))
      .filter((f) => /^\d{4}-.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(migrations.map((m) => m.name).sort()).toEqual(files);
    for (const m of migrations) {
      // The name a class declares is what the migrations table records: it must be its file's.
      const source = readFileSync(new URL(`../migrations/${m.name}.ts`, import.meta.url), 'utf8');
      const declared = /override name = '([^']+)'/.exec(source)?.[1];
      expect(declared ?? m.name, `${m.name} declares another name`).toBe(m.name);
    }
  });
});

/** The column type family an entity property maps to, as `information_schema.columns.udt_name` spells it. */
function udtOf(columnType: string): string[] {
  const base = columnType
    .toLowerCase()
    .replace(/\(.*\)/, '')
    .trim();
  const families: Record<string, string[]> = {
    serial: ['int4'],
    int: ['int4'],
    integer: ['int4'],
    int4: ['int4'],
    smallint: ['int2'],
    bigint: ['int8'],
    int8: ['int8'],
    varchar: ['text', 'varchar', 'citext'],
    text: ['text', 'varchar', 'citext'],
    'character varying': ['text', 'varchar', 'citext'],
    timestamptz: ['timestamptz'],
    'timestamp with time zone': ['timestamptz'],
    date: ['date'],
    boolean: ['bool'],
    jsonb: ['jsonb'],
    json: ['json', 'jsonb'],
    uuid: ['uuid'],
    'text[]': ['_text'],
    double: ['float8'],
    'double precision': ['float8'],
    real: ['float4'],
    numeric: ['numeric'],
    decimal: ['numeric'],
  };
  return families[base] ?? [base];
}

let orm: Orm;
beforeAll(async () => {
  orm = await openOrm(inject('dbUrl'), 1);
});
afterAll(async () => {
  await orm.close(true);
});

describe('entities against the migrated schema', () => {
  it('finds every mapped column, with a matching type and nullability', async () => {
    const columns: Array<{ table_name: string; column_name: string; udt_name: string; is_nullable: 'YES' | 'NO' }> =
      await platformEm(orm).execute(
        `select table_name, column_name, udt_name, is_nullable from information_schema.columns where table_schema = current_schema()`,
      );
    const byKey = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    const problems: string[] = [];
    let checked = 0;
    const metas = [...orm.getMetadata().getAll().values()].filter((m) => !m.embeddable && !m.virtual && m.tableName);
    expect(metas.map((m) => m.className).sort()).toEqual(entities.map((e) => e.meta.className).sort());
    for (const meta of metas) {
      for (const prop of meta.props) {
        if (prop.persist === false || prop.kind !== 'scalar') continue;
        const field = prop.fieldNames[0]!;
        const column = byKey.get(`${meta.tableName}.${field}`);
        const where = `${meta.className}.${prop.name} (${meta.tableName}.${field})`;
        checked++;
        if (!column) {
          problems.push(`${where}: no such column`);
          continue;
        }
        const expected = udtOf(prop.columnTypes[0]!);
        if (!expected.includes(column.udt_name))
          problems.push(`${where}: entity ${prop.columnTypes[0]}, column ${column.udt_name}`);
        const nullable = column.is_nullable === 'YES';
        if (Boolean(prop.nullable) !== nullable)
          problems.push(
            `${where}: entity ${prop.nullable ? 'nullable' : 'not null'}, column ${nullable ? 'nullable' : 'not null'}`,
          );
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});
