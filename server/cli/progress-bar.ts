/**
 * A progress bar on stderr (stdout stays the command's JSON). On a terminal it redraws one line; piped, it
 * prints a line per quarter so logs stay short. Silent for small jobs.
 */
export function progressBar(total: number, label: string, out: NodeJS.WriteStream = process.stderr, minTotal = 200) {
  const enabled = total >= minTotal;
  let lastQuarter = -1;
  return {
    update(done: number): void {
      if (!enabled) return;
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      if (out.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        out.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`,
        );
        if (done >= total) out.write('\n');
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        out.write(`${label}: ${Math.round(ratio * 100)}% (${done}/${total})\n`);
      }
    },
  };
}
