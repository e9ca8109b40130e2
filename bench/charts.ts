/**
 * SVG charts of a bench/run.ts results file, without dependencies: throughput by message size, one
 * chart per transport (the three share their axes), and round trip by transport at 64 B. Each
 * implementation is one series with the same colour and marker in every chart. Written by
 * `bench/run.ts --report=FILE` and at the end of a run, next to the results file; checked by
 * tests/charts.test.ts. The SVGs are standalone (no fonts, scripts or links), so GitHub shows them
 * as images.
 *
 * Structure the test reads: y-axis ticks are `<g class="y-tick" data-value=V><line ... y1=Y`,
 * points `<g class="point" data-impl data-size data-value transform="translate(X,Y)">`, bars
 * `<rect class="bar" data-impl data-transport data-value ... y=TOP>`, legend entries
 * `<g class="legend-item" data-impl data-color>`.
 */
import { type BenchRecord, fmtRate, fmtSize, measurements, summarize, type Summary } from "./summary.ts";

export interface Chart {
  /** File name: `<base>-<chart>.svg`. */
  file: string;
  svg: string;
}

export interface ChartOptions {
  /** File names are `<base>-throughput-<transport>.svg` and `<base>-roundtrip.svg`. */
  base: string;
  /** When the run was made, shown in every title (e.g. "2026-11-30 16:38 UTC"). */
  date: string;
  /** Legend order (a run's meta.impls); implementations not in it follow in order of appearance. */
  impls?: string[];
  /** Rounds of the run (each figure is a median over them). */
  rounds?: number;
  /** Ends the line under each title: mode, machine. */
  note?: string;
}

export const TRANSPORTS = ["inproc", "ipc", "tcp"] as const;
/** The message size of the round-trip chart. */
export const ROUND_TRIP_SIZE = 64;

// --- series styles ------------------------------------------------------------------------------

/** Fixed colours: a library API is one hue, Deno the darker and Bun the lighter shade. */
const COLORS: Record<string, string> = {
  "c": "#222222",
  "pyzmq": "#8e44ad",
  "zeromqjs": "#8c564b",
  "deno-raw": "#0b7a75",
  "bun-raw": "#41b6a6",
  "deno-async": "#1f4fb4",
  "bun-async": "#5b9bf0",
  "deno-try": "#c45a00",
  "bun-try": "#f0a030",
  "deno-async-lm": "#c0152f",
  "bun-async-lm": "#f0709a",
};
/** For implementations not in COLORS (added later, or `--compare` ones), in order of appearance. */
const SPARE_COLORS = ["#2ca02c", "#9aa000", "#6a3d9a", "#7f7f7f", "#1b9e77", "#a6761d", "#386cb0", "#666600"];

type Marker = "circle" | "square" | "diamond" | "triangle" | "triangle-down";

interface Style {
  color: string;
  marker: Marker;
  /** stroke-dasharray of the series line; "" for solid. */
  dash: string;
}

function markerOf(impl: string): Marker {
  if (impl.startsWith("deno-")) return "circle";
  if (impl.startsWith("bun-")) return "square";
  if (impl === "pyzmq") return "triangle";
  if (impl === "zeromqjs") return "triangle-down";
  return "diamond";
}

/** One style per implementation, the same in every chart of a run. */
function styles(impls: string[]): Map<string, Style> {
  const out = new Map<string, Style>();
  let spare = 0;
  for (const impl of impls) {
    const color = COLORS[impl] ?? SPARE_COLORS[spare++ % SPARE_COLORS.length];
    out.set(impl, { color, marker: markerOf(impl), dash: impl.startsWith("bun-") ? "6 3" : "" });
  }
  return out;
}

function markerSvg(m: Marker, color: string, size = 4.5): string {
  const s = size;
  const attrs = `fill="${color}" stroke="#fff" stroke-width="1"`;
  switch (m) {
    case "circle":
      return `<circle r="${num(s)}" ${attrs}/>`;
    case "square":
      return `<rect x="${num(-s * 0.85)}" y="${num(-s * 0.85)}" width="${num(s * 1.7)}" height="${
        num(s * 1.7)
      }" ${attrs}/>`;
    case "diamond":
      return `<path d="M0,${num(-s * 1.2)}L${num(s * 1.2)},0L0,${num(s * 1.2)}L${num(-s * 1.2)},0Z" ${attrs}/>`;
    case "triangle":
      return `<path d="M0,${num(-s * 1.2)}L${num(s * 1.1)},${num(s * 0.8)}L${num(-s * 1.1)},${
        num(s * 0.8)
      }Z" ${attrs}/>`;
    case "triangle-down":
      return `<path d="M0,${num(s * 1.2)}L${num(s * 1.1)},${num(-s * 0.8)}L${num(-s * 1.1)},${
        num(-s * 0.8)
      }Z" ${attrs}/>`;
  }
}

// --- scales -------------------------------------------------------------------------------------

export interface Tick {
  value: number;
  /** Labelled (a major tick) or only a faint grid line. */
  label: boolean;
}

export interface Scale {
  log: boolean;
  lo: number;
  hi: number;
  ticks: Tick[];
}

const STEPS = [1, 2, 5];

/** A log scale over [min, max]: bounds at 1-2-5 x 10^k labelled at 1, 2 and 5 up to three decades, at decades above. */
export function logScale(min: number, max: number): Scale {
  const floorNice = (v: number) => {
    const e = Math.floor(Math.log10(v) + 1e-9);
    for (const m of [5, 2, 1]) if (m * 10 ** e <= v * (1 + 1e-9)) return m * 10 ** e;
    return 10 ** e;
  };
  const ceilNice = (v: number) => {
    const e = Math.floor(Math.log10(v) - 1e-9);
    for (const m of [1, 2, 5, 10]) if (m * 10 ** e >= v * (1 - 1e-9)) return m * 10 ** e;
    return 10 ** (e + 1);
  };
  let lo = floorNice(min), hi = ceilNice(max);
  if (hi <= lo) hi = ceilNice(lo * 1.5);
  const decadesOnly = Math.log10(hi / lo) > 3.01;
  if (decadesOnly) {
    lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
  }
  const ticks: Tick[] = [];
  for (let e = Math.floor(Math.log10(lo) + 1e-9); 10 ** e <= hi * (1 + 1e-9); e++) {
    for (let m = 1; m <= 9; m++) {
      const v = clean(m * 10 ** e);
      if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) continue;
      ticks.push({ value: v, label: decadesOnly ? m === 1 : STEPS.includes(m) });
    }
  }
  return { log: true, lo, hi, ticks };
}

/** A linear scale from 0 to a round number above max, ticks at 1-2-5 steps. */
export function linearScale(max: number): Scale {
  const raw = max / 5;
  const e = Math.floor(Math.log10(raw));
  const step = STEPS.concat(10).map((m) => m * 10 ** e).find((s) => s >= raw)!;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: Tick[] = [];
  for (let v = 0; v <= hi + step / 2; v += step) ticks.push({ value: clean(v), label: true });
  return { log: false, lo: 0, hi: clean(hi), ticks };
}

/** Removes float noise (3 * 10 ** -1 = 0.30000000000000004). */
const clean = (v: number) => Number(v.toPrecision(12));

/** The pixel position of v on a scale drawn from `from` (at lo) to `to` (at hi). */
export function position(scale: Scale, v: number, from: number, to: number): number {
  const t = scale.log
    ? (Math.log10(v) - Math.log10(scale.lo)) / (Math.log10(scale.hi) - Math.log10(scale.lo))
    : (v - scale.lo) / (scale.hi - scale.lo);
  return from + t * (to - from);
}

// --- SVG text -----------------------------------------------------------------------------------

const num = (v: number): string => {
  const r = Math.round(v * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
};

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Tick labels: 10k, 200k, 1M for counts; plain numbers below 10,000 otherwise. */
function fmtCount(v: number): string {
  if (v >= 1e6) return `${clean(v / 1e6)}M`;
  if (v >= 1e3) return `${clean(v / 1e3)}k`;
  return String(clean(v));
}
function fmtPlain(v: number): string {
  return v >= 1e4 ? fmtCount(v) : String(clean(v));
}
/** A value in a tooltip: 5.11M msg/s, 88.2 µs, 208 µs. */
function fmtValue(v: number, unit: string): string {
  return unit === "msg/s" ? `${fmtRate(v)} msg/s` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${unit}`;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const W = 880;
/** The plot area. */
const P = { l: 78, r: 680, t: 74, b: 400 };
/** Where the first footnote line goes (below the x-axis title). */
const FOOT = P.b + 78;

/**
 * The SVG document: white background (readable in dark mode too), title, subtitle, footnotes. The
 * first line keeps `deno fmt` (which formats SVG) from rewrapping a generated file.
 */
function frame(title: string, subtitle: string, body: string[], footnotes: string[] = []): string {
  const h = FOOT + 16 * footnotes.length - (footnotes.length ? 4 : 12);
  return [
    "<!-- deno-fmt-ignore-file -->",
    "<!-- Drawn by bench/charts.ts from a bench/run.ts results file; not edited by hand. -->",
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ` +
    `font-family="${esc(FONT)}" font-size="12" role="img">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${W}" height="${h}" fill="#ffffff"/>`,
    `<text x="${P.l}" y="26" font-size="16" font-weight="bold" fill="#111">${esc(title)}</text>`,
    `<text x="${P.l}" y="46" fill="#555">${esc(subtitle)}</text>`,
    ...body,
    ...footnotes.map((f, i) => `<text x="${P.l}" y="${FOOT + 16 * i}" font-size="11" fill="#555">${esc(f)}</text>`),
    `</svg>`,
    "",
  ].join("\n");
}

/** How inproc runs differ between implementations (bench/README.md, "What is measured"). */
const INPROC_NOTE = "inproc: C, pyzmq and raw FFI put the two sockets on two threads; " +
  "this library and zeromq.js run both on the one JS thread.";

/** "Median of 3 rounds; higher is better. full mode, 2 CPUs (AMD EPYC)." */
function subtitle(what: string, better: string, opts: ChartOptions): string {
  const rounds = opts.rounds === undefined
    ? "median over rounds"
    : `median of ${opts.rounds} round${opts.rounds === 1 ? "" : "s"}`;
  return `${what}, ${rounds}; ${better} is better.${opts.note ? " " + opts.note : ""}`;
}

/** Grid lines and labels of the y axis, its title, and the plot border. */
function yAxis(scale: Scale, label: string, fmt: (v: number) => string): string[] {
  const out = [`<g class="y-axis">`];
  for (const t of scale.ticks) {
    const y = num(position(scale, t.value, P.b, P.t));
    if (t.label) {
      out.push(
        `<g class="y-tick" data-value="${t.value}"><line x1="${P.l}" y1="${y}" x2="${P.r}" y2="${y}" ` +
          `stroke="#d0d0d0" stroke-width="1"/><text x="${P.l - 8}" y="${y}" dy="4" text-anchor="end" fill="#333">${
            esc(fmt(t.value))
          }</text></g>`,
      );
    } else {
      out.push(
        `<line class="y-minor" x1="${P.l}" y1="${y}" x2="${P.r}" y2="${y}" stroke="#efefef" stroke-width="1"/>`,
      );
    }
  }
  const mid = num((P.t + P.b) / 2);
  out.push(
    `<text x="20" y="${mid}" transform="rotate(-90 20 ${mid})" text-anchor="middle" fill="#333">${esc(label)}</text>`,
    `<rect x="${P.l}" y="${P.t}" width="${P.r - P.l}" height="${P.b - P.t}" fill="none" stroke="#888"/>`,
    `</g>`,
  );
  return out;
}

function legend(impls: string[], st: Map<string, Style>, kind: "line" | "bar"): string[] {
  const x = P.r + 22;
  const out = [
    `<g class="legend">`,
    `<text x="${x}" y="${P.t + 4}" font-weight="bold" fill="#333">implementation</text>`,
  ];
  // 20 px a line, closer when many implementations would run past the x-axis labels.
  const step = Math.min(20, (P.b + 40 - (P.t + 24)) / Math.max(1, impls.length - 1));
  impls.forEach((impl, i) => {
    const s = st.get(impl)!;
    const y = num(P.t + 24 + i * step);
    const sample = kind === "line"
      ? `<line x1="0" y1="0" x2="28" y2="0" stroke="${s.color}" stroke-width="2"${
        s.dash ? ` stroke-dasharray="${s.dash}"` : ""
      }/><g transform="translate(14,0)">${markerSvg(s.marker, s.color)}</g>`
      : `<rect x="6" y="-6" width="16" height="12" fill="${s.color}"/>`;
    out.push(
      `<g class="legend-item" data-impl="${esc(impl)}" data-color="${s.color}" transform="translate(${x},${y})">` +
        `${sample}<text x="36" y="0" dy="4" fill="#222">${esc(impl)}</text></g>`,
    );
  });
  out.push(`</g>`);
  return out;
}

// --- the charts ---------------------------------------------------------------------------------

/** Cells `wl:transport:size` without a variant. */
function plainCell(cell: string): { wl: string; transport: string; size: number } | null {
  const parts = cell.split(":");
  if (parts.length !== 3) return null;
  return { wl: parts[0], transport: parts[1], size: Number(parts[2]) };
}

function throughputChart(
  transport: string,
  sums: Summary[],
  impls: string[],
  sizes: number[],
  scale: Scale,
  st: Map<string, Style>,
  opts: ChartOptions,
): string {
  const lg = sizes.map((s) => Math.log2(s));
  const pad = 36;
  const x = (size: number) =>
    lg.length === 1 || lg[lg.length - 1] === lg[0]
      ? (P.l + P.r) / 2
      : P.l + pad + (Math.log2(size) - lg[0]) / (lg[lg.length - 1] - lg[0]) * (P.r - P.l - 2 * pad);
  const body = yAxis(scale, `messages per second${scale.log ? " (log scale)" : ""}`, fmtCount);
  body.push(`<g class="x-axis">`);
  for (const size of sizes) {
    const px = num(x(size));
    body.push(
      `<line x1="${px}" y1="${P.b}" x2="${px}" y2="${P.b + 5}" stroke="#888"/>`,
      `<text x="${px}" y="${P.b + 20}" text-anchor="middle" fill="#333">${fmtSize(size)}</text>`,
    );
  }
  body.push(
    `<text x="${num((P.l + P.r) / 2)}" y="${P.b + 46}" text-anchor="middle" fill="#333">` +
      `message size (log scale)</text>`,
    `</g>`,
  );
  const shown: string[] = [];
  for (const impl of impls) {
    const pts = sizes.flatMap((size) => {
      const s = sums.find((o) => o.impl === impl && o.cell === `thr:${transport}:${size}`);
      return s && s.median > 0 ? [{ size, v: s.median, px: x(size), py: position(scale, s.median, P.b, P.t) }] : [];
    });
    if (pts.length === 0) continue;
    shown.push(impl);
    const s = st.get(impl)!;
    body.push(`<g class="series" data-impl="${esc(impl)}">`);
    if (pts.length > 1) {
      body.push(
        `<polyline points="${pts.map((p) => `${num(p.px)},${num(p.py)}`).join(" ")}" fill="none" ` +
          `stroke="${s.color}" stroke-width="2"${
            s.dash ? ` stroke-dasharray="${s.dash}"` : ""
          } stroke-linejoin="round"/>`,
      );
    }
    for (const p of pts) {
      body.push(
        `<g class="point" data-impl="${esc(impl)}" data-size="${p.size}" data-value="${p.v}" ` +
          `transform="translate(${num(p.px)},${num(p.py)})"><title>${
            esc(`${impl}, ${transport} ${fmtSize(p.size)}: ${fmtValue(p.v, "msg/s")}`)
          }</title>${markerSvg(s.marker, s.color)}</g>`,
      );
    }
    body.push(`</g>`);
  }
  body.push(...legend(shown, st, "line"));
  const where = transport === "inproc" ? "inproc (one process)" : `${transport} (two processes)`;
  return frame(
    `Throughput PUSH → PULL over ${where}, run of ${opts.date}`,
    subtitle("Messages per second by message size", "higher", opts),
    body,
    transport === "inproc" ? [INPROC_NOTE] : [],
  );
}

function roundTripChart(
  sums: Summary[],
  impls: string[],
  transports: string[],
  st: Map<string, Style>,
  opts: ChartOptions,
): string {
  const cell = (t: string) => `lat:${t}:${ROUND_TRIP_SIZE}`;
  const shown = impls.filter((impl) => transports.some((t) => sums.some((s) => s.impl === impl && s.cell === cell(t))));
  const values = sums.filter((s) => transports.some((t) => s.cell === cell(t)) && s.median > 0).map((s) => s.median);
  const min = Math.min(...values), max = Math.max(...values);
  // Log scale when the values span more than 4x (inproc ~12 µs next to tcp ~200 µs), else linear from 0.
  const scale = max / min > 4 ? logScale(min, max) : linearScale(max);
  const body = yAxis(scale, `mean round trip, µs${scale.log ? " (log scale)" : ""}`, fmtPlain);
  const groupW = (P.r - P.l) / transports.length;
  const barW = Math.min(22, (groupW * 0.86) / Math.max(1, shown.length));
  body.push(`<g class="x-axis">`);
  transports.forEach((t, i) => {
    const cx = num(P.l + groupW * (i + 0.5));
    body.push(
      `<text x="${cx}" y="${P.b + 20}" text-anchor="middle" fill="#333" font-weight="bold">${t}</text>`,
      `<text x="${cx}" y="${P.b + 35}" text-anchor="middle" fill="#666" font-size="11">${
        t === "inproc" ? "one process" : "two processes"
      }</text>`,
    );
    if (i > 0) {
      const gx = num(P.l + groupW * i);
      body.push(`<line x1="${gx}" y1="${P.t}" x2="${gx}" y2="${P.b}" stroke="#bbb" stroke-dasharray="2 3"/>`);
    }
  });
  body.push(
    `<text x="${num((P.l + P.r) / 2)}" y="${P.b + 56}" text-anchor="middle" fill="#333">transport</text>`,
    `</g>`,
  );
  const base = scale.log ? P.b : position(scale, 0, P.b, P.t);
  transports.forEach((t, i) => {
    const x0 = P.l + groupW * (i + 0.5) - (barW * shown.length) / 2;
    shown.forEach((impl, j) => {
      const s = sums.find((o) => o.impl === impl && o.cell === cell(t));
      if (!s || !(s.median > 0)) return;
      const top = position(scale, s.median, P.b, P.t);
      const bx = x0 + j * barW;
      const color = st.get(impl)!.color;
      body.push(
        `<rect class="bar" data-impl="${esc(impl)}" data-transport="${t}" data-value="${s.median}" x="${
          num(bx + 1)
        }" y="${num(top)}" width="${num(barW - 2)}" height="${num(base - top)}" fill="${color}"><title>${
          esc(`${impl}, ${t} ${fmtSize(ROUND_TRIP_SIZE)}: ${fmtValue(s.median, "µs")}`)
        }</title></rect>`,
      );
      // The value above the bar, or inside its top when the bar reaches the top of the plot.
      const inside = top - P.t < 28 && base - top > 34;
      const lx = num(bx + barW / 2), ly = num(inside ? top + 4 : top - 4);
      body.push(
        `<text x="${lx}" y="${ly}" transform="rotate(-90 ${lx} ${ly})" font-size="10" dy="3.5"${
          inside ? ` text-anchor="end" fill="#fff"` : ` fill="#333"`
        }>${s.median >= 100 ? s.median.toFixed(0) : s.median.toFixed(1)}</text>`,
      );
    });
  });
  body.push(...legend(shown, st, "bar"));
  return frame(
    `Round trip REQ ↔ REP, ${fmtSize(ROUND_TRIP_SIZE)}, by transport, run of ${opts.date}`,
    subtitle("Mean µs per round trip", "lower", opts),
    body,
    transports.includes("inproc") ? [INPROC_NOTE] : [],
  );
}

/** The charts of a run's summaries (see summarize()); a chart without data is left out. */
export function renderCharts(sums: Summary[], opts: ChartOptions): Chart[] {
  const order = [...(opts.impls ?? [])];
  for (const s of sums) if (!order.includes(s.impl)) order.push(s.impl);
  const impls = order.filter((i) => sums.some((s) => s.impl === i));
  const st = styles(impls);
  const charts: Chart[] = [];

  const thr = sums.filter((s) => plainCell(s.cell)?.wl === "thr" && s.median > 0);
  const sizes = [...new Set(thr.map((s) => plainCell(s.cell)!.size))].sort((a, b) => a - b);
  if (thr.length) {
    const vals = thr.map((s) => s.median);
    // One y scale for the three transports, so their charts compare at a glance.
    const scale = logScale(Math.min(...vals), Math.max(...vals));
    for (const t of TRANSPORTS) {
      if (!thr.some((s) => plainCell(s.cell)!.transport === t)) continue;
      charts.push({
        file: `${opts.base}-throughput-${t}.svg`,
        svg: throughputChart(t, thr, impls, sizes, scale, st, opts),
      });
    }
  }
  const lat = TRANSPORTS.filter((t) => sums.some((s) => s.cell === `lat:${t}:${ROUND_TRIP_SIZE}` && s.median > 0));
  if (lat.length) {
    charts.push({ file: `${opts.base}-roundtrip.svg`, svg: roundTripChart(sums, impls, lat, st, opts) });
  }
  return charts;
}

/** "2026-11-30 16:38 UTC" from an ISO time, or from a results file name (`full-2026-11-30T16-38-59`). */
export function runDate(started: unknown, base: string): string {
  const iso = typeof started === "string" ? started : "";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso) ?? /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})/.exec(base);
  return m ? `${m[1]} ${m[2]}:${m[3]} UTC` : "an unknown date";
}

/**
 * The charts of a results file's records, as `bench/run.ts --report` writes them: summaries of its
 * measurement records; date, legend order and the note from its meta line.
 */
export function chartsOfRun(records: BenchRecord[], base: string): Chart[] {
  const meta = records.find((r) => r.kind === "meta") ?? {};
  const machine = (meta.machine ?? {}) as { cpus?: number; cpu_model?: string };
  const note = [
    typeof meta.mode === "string" ? `bench/run.ts ${meta.mode} mode` : "",
    machine.cpus ? `${machine.cpus} CPUs${machine.cpu_model ? ` (${machine.cpu_model})` : ""}` : "",
  ].filter(Boolean).join(", ");
  return renderCharts(summarize(measurements(records)), {
    base,
    date: runDate(meta.started, base),
    impls: Array.isArray(meta.impls) ? meta.impls as string[] : undefined,
    rounds: typeof meta.rounds === "number" ? meta.rounds : undefined,
    note: note ? `${note}.` : undefined,
  });
}
