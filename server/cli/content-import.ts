import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { parse } from 'csv-parse/sync';
import { CATALOGUE_COLUMNS } from '../../domain/content/catalogue-row.ts';
import type { ImportOutcome, RawCatalogueRow } from '../../domain/content/import-catalogue.ts';
import { UsageError } from './args.ts';
import type { Command } from './admin-commands.ts';
import { progressBar } from './progress-bar.ts';

/** Rows per request/transaction: big enough to be set-based, small enough for a useful progress bar... */
export const IMPORT_CHUNK = 200;
/** ...and well under the API's default 1 MB body limit when the CLI goes through a server. */
const CHUNK_BYTES = 512 * 1024;

export function chunksOf(rows: RawCatalogueRow[]): RawCatalogueRow[][] {
  const chunks: RawCatalogueRow[][] = [];
  let current: RawCatalogueRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row).length;
    if (current.length && (current.length >= IMPORT_CHUNK || bytes + size > CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

interface ParsedFile {
  rows: RawCatalogueRow[];
  /** Lines the file format itself could not read (CSV syntax, a JSON element that is not an object). */
  unreadable: ImportOutcome['failed'];
}

/** CSV with a header row; every record carries the line it ended on. Unknown columns are a usage error. */
function readCsv(text: string): ParsedFile {
  const unreadable: ImportOutcome['failed'] = [];
  const records = parse(text, {
    columns: (header: string[]) => {
      const unknown = header.filter((h) => !(CATALOGUE_COLUMNS as readonly string[]).includes(h.trim()));
      if (unknown.length)
        throw new UsageError(
          `unknown column(s) ${unknown.join(', ')}; expected some of: ${CATALOGUE_COLUMNS.join(', ')}`,
        );
      return header.map((h) => h.trim());
    },
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err)
        unreadable.push({
          line: Number((err as { lines?: unknown }).lines ?? 0),
          error: `unreadable CSV: ${err.message}`,
        });
      return undefined;
    },
  }) as Array<{ record: Record<string, unknown>; info: { lines: number } }>;
  return { rows: records.map((r) => ({ line: r.info.lines, row: r.record })), unreadable };
}

/** The line each top-level element of a JSON array starts on (JSON.parse does not say). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expecting && !/\s/.test(ch) && ch !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') expecting = ++depth === 1;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expecting = true;
  }
  return lines;
}

function readJson(text: string): ParsedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the file is not valid JSON: ${(err as Error).message}`);
  }
  const items = Array.isArray(data) ? data : (data as { classes?: unknown })?.classes;
  if (!Array.isArray(items)) throw new UsageError('a JSON catalogue is an array of classes (or { "classes": [...] })');
  const lines = Array.isArray(data) ? elementLines(text) : [];
  const rows: RawCatalogueRow[] = [];
  const unreadable: ImportOutcome['failed'] = [];
  items.forEach((item, i) => {
    const line = lines[i] ?? i + 1;
    if (item && typeof item === 'object' && !Array.isArray(item))
      rows.push({ line, row: item as Record<string, unknown> });
    else unreadable.push({ line, error: 'not an object' });
  });
  return { rows, unreadable };
}

export function readCatalogueFile(path: string): ParsedFile {
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.csv') throw new UsageError('--file must end in .json or .csv');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return ext === '.csv' ? readCsv(text) : readJson(text);
}

export const contentImportCommand: Command = {
  name: 'content:import',
  usage: '--client <id|slug> --file <catalogue.json|catalogue.csv>',
  summary: 'Import classes from a JSON or CSV catalogue (bad rows reported by line, good rows kept)',
  flags: z.strictObject({ client: z.string().min(1, 'needs a value'), file: z.string().min(1, 'needs a value') }),
  run: async (ops, f: { client: string; file: string }) => {
    const { rows, unreadable } = readCatalogueFile(f.file);
    const clientId = await ops.resolveClient(f.client);
    const bar = progressBar(rows.length, 'importing');
    const outcome: ImportOutcome = { created: 0, failed: [...unreadable] };
    let done = 0;
    for (const chunk of chunksOf(rows)) {
      const part = await ops.importCatalogue(clientId, chunk);
      outcome.created += part.created;
      outcome.failed.push(...part.failed);
      bar.update((done += chunk.length));
    }
    outcome.failed.sort((a, b) => a.line - b.line);
    // With no readable row nothing reached the operations, so the dry run before connecting got here too: the failures are in the JSON.
    if (rows.length) for (const bad of outcome.failed) process.stderr.write(`line ${bad.line}: ${bad.error}\n`);
    return { file: f.file, rows: rows.length + unreadable.length, ...outcome };
  },
};
