/**
 * The pure summarising half of bench/run.ts, shared with bench/charts.ts and tests/charts.test.ts:
 * medians per cell and implementation from the JSON lines a run writes, and the number formats of
 * its tables. No I/O and no runtime globals (imported under Deno and Bun alike).
 */

/** One line of a results file (`kind`: meta, skip, thr / lat / idle with `round`, overhead, summary, end). */
export type BenchRecord = Record<string, unknown>;

/** The records of a results file (JSON lines; blank lines skipped). */
export function parseRecords(text: string): BenchRecord[] {
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** The figure a run is judged by: msgs/s (thr), mean µs (lat), % of a core (idle). */
export const metric = (r: BenchRecord): number =>
  r.kind === "thr" ? r.msgs_per_s as number : r.kind === "lat" ? r.mean_us as number : r.cpu_pct as number;

export function fmtRate(v: number): string {
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(0)}k` : v.toFixed(0);
}
export function fmtSize(n: number): string {
  return n >= 1024 ? `${n / 1024} KiB` : `${n} B`;
}

/** One cell and implementation over the rounds of a run. */
export interface Summary {
  cell: string;
  impl: string;
  n: number;
  median: number;
  p50?: number;
  p99?: number;
  mbps?: number;
  spread: number;
  x_c?: number;
  x_zeromqjs?: number;
}

/** Medians per cell and implementation of the measurement records (those with `round`), errors left out. */
export function summarize(records: BenchRecord[]): Summary[] {
  const groups = new Map<string, BenchRecord[]>();
  for (const r of records) {
    if (r.error !== undefined || r.kind === "skip") continue;
    const k = `${r.cell}|${r.impl}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const out: Summary[] = [];
  for (const [k, rs] of groups) {
    const [cell, impl] = k.split("|");
    const vals = rs.map(metric);
    const m = median(vals);
    const s: Summary = {
      cell,
      impl,
      n: rs.length,
      median: m,
      spread: (Math.max(...vals) - Math.min(...vals)) / m,
    };
    if (rs[0].kind === "lat") {
      s.p50 = median(rs.map((r) => r.p50_us as number));
      s.p99 = median(rs.map((r) => r.p99_us as number));
    }
    if (rs[0].kind === "thr") {
      s.mbps = median(rs.map((r) => r.mb_per_s as number));
    }
    out.push(s);
  }
  for (const s of out) {
    const ref = (name: string) => out.find((o) => o.cell === s.cell && o.impl === name);
    const c = ref("c"), z = ref("zeromqjs");
    // Ratios read "how many times the reference": throughput impl/ref, latency ref/impl inverted
    // would confuse; keep both as value/ref (latency > 1 means slower than the reference).
    if (c && !s.cell.startsWith("idle")) s.x_c = s.median / c.median;
    if (z && !s.cell.startsWith("idle")) s.x_zeromqjs = s.median / z.median;
  }
  return out;
}

/** The measurement records of a results file: the input of summarize(). */
export const measurements = (records: BenchRecord[]): BenchRecord[] => records.filter((r) => r.round !== undefined);
