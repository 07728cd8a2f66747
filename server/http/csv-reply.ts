import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Logger } from '../logger.ts';
import { RawReply } from './route.ts';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading
 * apostrophe: exports hold text people typed (member names), and a CSV is often opened in Excel.
 */
const FORMULA = /^[=+\-@\t\r]/;
const defuse = (s: string) => (FORMULA.test(s) ? `'${s}` : s);

/**
 * Streams rows as CSV (RFC 4180 quoting by csv-stringify) with backpressure: the row source is pulled
 * only as fast as the client reads, so an export never holds the whole set. A failure after the first
 * byte can only cut the download short (the status is already sent), so it is logged and the socket closed.
 */
export function csvReply<C extends string>(
  filename: string,
  columns: readonly C[],
  rows: AsyncIterable<Record<C, string | number>>,
  logger: Logger,
): RawReply {
  return new RawReply((res) => {
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    const csv = stringify({ header: true, columns: [...columns], cast: { string: defuse } });
    pipeline(Readable.from(rows), csv, res).catch((err: Error) => {
      logger.warn({ err: err.message, filename }, 'CSV export ended early');
      res.destroy();
    });
  });
}
