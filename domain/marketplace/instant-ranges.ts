/** Half-open ranges [start, end) of instants (epoch ms); the set algebra the slot engine needs. */
export interface Range {
  start: number;
  end: number;
}

/** Sorted, with overlapping and touching ranges joined, empty ones dropped. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** `base` minus every range in `cut`; both may be unsorted. */
export function subtractRanges(base: readonly Range[], cut: readonly Range[]): Range[] {
  let rest = mergeRanges(base);
  for (const c of mergeRanges(cut)) {
    const next: Range[] = [];
    for (const r of rest) {
      if (c.end <= r.start || c.start >= r.end) {
        next.push(r);
        continue;
      }
      if (r.start < c.start) next.push({ start: r.start, end: c.start });
      if (c.end < r.end) next.push({ start: c.end, end: r.end });
    }
    rest = next;
  }
  return rest;
}

export function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

export function overlapsAny(r: Range, ranges: readonly Range[]): boolean {
  return ranges.some((x) => overlaps(r, x));
}

/** Whether `r` lies wholly inside one of `ranges` (which must be merged, so no range spans two). */
export function containedInAny(r: Range, ranges: readonly Range[]): boolean {
  return ranges.some((x) => x.start <= r.start && r.end <= x.end);
}
