/**
 * The SVG charts of bench/charts.ts, rendered from a recorded run
 * (bench/results/full-2026-11-30T16-38-59.jsonl): the expected files, well-formed standalone SVG,
 * every implementation with data in its chart's legend (and none without), a known median plotted
 * where the log scale puts it, monotonic log ticks, and `bench/run.ts --report` writing the same
 * files without changing what it prints.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartsOfRun, logScale } from "../bench/charts.ts";
import { measurements, median, parseRecords, summarize } from "../bench/summary.ts";
import { assert, ROOT, runtimeCommand, test } from "./_harness.ts";

const BASE = "full-2026-11-30T16-38-59";
const FILE = join(ROOT, "bench", "results", `${BASE}.jsonl`);
const records = parseRecords(readFileSync(FILE, "utf8"));
const sums = summarize(measurements(records));
const charts = chartsOfRun(records, BASE);
const TRANSPORTS = ["inproc", "ipc", "tcp"];
const NAMES = [...TRANSPORTS.map((t) => `throughput-${t}`), "roundtrip"];

function svgOf(name: string): string {
  const c = charts.find((c) => c.file === `${BASE}-${name}.svg`);
  assert.ok(c, `no chart ${name}`);
  return c.svg;
}

/**
 * Throws unless `xml` is well-formed as far as these SVGs go: one root element, every tag closed in
 * order, attributes quoted and not repeated, no stray `<` or `>` in text, only known entities,
 * comments closed and without `--`.
 */
function checkWellFormed(xml: string): void {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const entities = (s: string) => {
    const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(s);
    if (bad) throw new Error(`bad entity at ${JSON.stringify(s.slice(bad.index, bad.index + 20))}`);
  };
  const text = (s: string) => {
    if (/[<>]/.test(s)) throw new Error(`stray < or > in text: ${JSON.stringify(s.slice(0, 60))}`);
    entities(s);
    if (stack.length === 0 && s.trim()) throw new Error(`text outside the root: ${JSON.stringify(s.slice(0, 60))}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      text(xml.slice(i));
      break;
    }
    text(xml.slice(i, lt));
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0 || xml.slice(lt + 4, end).includes("--")) throw new Error(`malformed comment at ${lt}`);
      i = end + 3;
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${JSON.stringify(xml.slice(lt, lt + 60))}`);
    const [whole, close, name, attrs, selfClose] = m;
    const names = [...attrs.matchAll(/([\w:.-]+)\s*=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) throw new Error(`repeated attribute in ${whole.slice(0, 80)}`);
    entities(attrs);
    if (close) {
      if (attrs || selfClose) throw new Error(`malformed end tag ${whole}`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      if (stack.length === 0 && ++roots > 1) throw new Error(`second root element <${name}>`);
      if (!selfClose) stack.push(name);
    }
    i = lt + whole.length;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) throw new Error("no root element");
}

/** The labelled y-axis ticks in document order (bottom to top): value and pixel row. */
function yTicks(svg: string): { value: number; y: number; label: string }[] {
  return [
    ...svg.matchAll(
      /<g class="y-tick" data-value="([^"]+)"><line x1="[^"]+" y1="([^"]+)"[^>]*\/><text[^>]*>([^<]*)<\/text>/g,
    ),
  ].map((m) => ({ value: Number(m[1]), y: Number(m[2]), label: m[3] }));
}

/** The row of value v on the chart's log axis, interpolated between its lowest and highest ticks. */
function logRow(svg: string, v: number): number {
  const ticks = yTicks(svg);
  const a = ticks[0], b = ticks[ticks.length - 1];
  return a.y + (Math.log10(v) - Math.log10(a.value)) / (Math.log10(b.value) - Math.log10(a.value)) * (b.y - a.y);
}

const legend = (svg: string) => [...svg.matchAll(/<g class="legend-item" data-impl="([^"]+)" data-color="([^"]+)"/g)];

test("charts: a throughput chart per transport and a round-trip chart, standalone SVG", () => {
  assert.deepEqual(charts.map((c) => c.file), NAMES.map((n) => `${BASE}-${n}.svg`));
  for (const { file, svg } of charts) {
    // Comments (the first keeps deno fmt off a generated file), then the root element.
    assert.match(
      svg,
      /^<!-- deno-fmt-ignore-file -->\n(<!--[^]*?-->\n)*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /,
      file,
    );
    assert.match(svg, /<svg [^>]*width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/, file);
    assert.ok(svg.endsWith("</svg>\n"), file);
    assert.doesNotMatch(svg, /NaN|undefined|Infinity|<script|<image|@import|url\(|href=/, file);
    assert.match(svg, /<title>[^<]*2026-11-30 16:38 UTC<\/title>/, `${file}: the title says when`);
  }
  assert.match(svgOf("throughput-tcp"), /messages per second \(log scale\)/);
  assert.match(svgOf("throughput-tcp"), /message size \(log scale\)/);
  assert.match(svgOf("roundtrip"), /mean round trip, µs \(log scale\)/);
});

test("charts: every SVG is well-formed (and the checker rejects what is not)", () => {
  for (const { file, svg } of charts) {
    try {
      checkWellFormed(svg);
    } catch (e) {
      assert.fail(`${file}: ${(e as Error).message}`);
    }
  }
  const bad = [
    `<svg xmlns="x"><g></svg>`,
    `<svg xmlns="x"><g></g>`,
    `<svg xmlns="x"><text>a & b</text></svg>`,
    `<svg xmlns="x"><text>a < b</text></svg>`,
    `<svg xmlns="x" a="1" a="2"/>`,
    `<svg xmlns="x"/><svg xmlns="x"/>`,
    `<svg xmlns="x"><rect x=1/></svg>`,
    `<svg xmlns="x"><!-- a -- b --></svg>`,
    `<svg xmlns="x"><!-- a </svg>`,
  ];
  for (const s of bad) assert.throws(() => checkWellFormed(s), Error, s);
  checkWellFormed(`<!-- c -->\n<svg xmlns="x"><text a="&lt;b">a &amp; b &#181;</text><!-- <g> --><g/></svg>\n`);
});

test("charts: each implementation with data is in the legend, with one colour in every chart", () => {
  const colors = new Map<string, string>();
  for (const name of NAMES) {
    const svg = svgOf(name);
    const cells = name === "roundtrip"
      ? TRANSPORTS.map((t) => `lat:${t}:64`)
      : [1, 64, 1024, 65536].map((s) => `thr:${name.slice("throughput-".length)}:${s}`);
    const withData = new Set(sums.filter((s) => cells.includes(s.cell)).map((s) => s.impl));
    const items = legend(svg);
    assert.deepEqual(items.map((m) => m[1]).sort(), [...withData].sort(), name);
    assert.equal(new Set(items.map((m) => m[2])).size, items.length, `${name}: a colour per implementation`);
    for (const [, impl, color] of items) {
      assert.equal(colors.get(impl) ?? color, color, `${impl} changes colour in ${name}`);
      colors.set(impl, color);
      // Its marks (points or bars) are drawn in that colour.
      const marks = name === "roundtrip"
        ? svg.matchAll(new RegExp(`<rect class="bar" data-impl="${impl}"[^>]* fill="([^"]+)"`, "g"))
        : svg.matchAll(
          new RegExp(`<g class="point" data-impl="${impl}"[^>]*><title>[^<]*</title><\\w+ [^>]*fill="([^"]+)"`, "g"),
        );
      const fills = [...marks].map((f) => f[1]);
      assert.ok(
        fills.length > 0 && fills.every((f) => f === color),
        `${name}: ${impl} drawn in ${fills}, not ${color}`,
      );
    }
  }
  // The recorded run has every implementation: 9 throughput series, 11 round-trip ones (latency
  // mode runs latency cells only, so it is absent from the throughput charts).
  assert.equal(legend(svgOf("throughput-tcp")).length, 9);
  assert.equal(legend(svgOf("roundtrip")).length, 11);
  assert.doesNotMatch(svgOf("throughput-tcp"), /data-impl="deno-async-lm"/);
});

test("charts: c's tcp 64 B throughput is plotted where the log scale puts it", () => {
  const raw = records.filter((r) => r.round !== undefined && r.cell === "thr:tcp:64" && r.impl === "c");
  assert.equal(raw.length, 3);
  const v = median(raw.map((r) => r.msgs_per_s as number));
  assert.equal(sums.find((s) => s.cell === "thr:tcp:64" && s.impl === "c")!.median, v);
  assert.ok(v > 5e6 && v < 5.2e6, `the recorded median: ${v}`);

  const svg = svgOf("throughput-tcp");
  const m = new RegExp(
    `<g class="point" data-impl="c" data-size="64" data-value="${v}" ` +
      `transform="translate\\(([\\d.]+),([\\d.]+)\\)">`,
  ).exec(svg);
  assert.ok(m, "no point for c at 64 B");
  const [x, y] = [Number(m[1]), Number(m[2])];
  // log10(v / 1M) of the way from the 1M tick to the 10M one.
  const ticks = yTicks(svg);
  const t1 = ticks.find((t) => t.value === 1e6), t10 = ticks.find((t) => t.value === 1e7);
  assert.ok(t1 && t10, "ticks 1M and 10M");
  assert.equal(t1.label, "1M");
  assert.equal(t10.label, "10M");
  const expected = t1.y + Math.log10(v / 1e6) * (t10.y - t1.y);
  assert.ok(Math.abs(y - expected) <= 1, `c tcp 64 B at y=${y}, the scale says ${expected}`);
  assert.ok(Math.abs(y - logRow(svg, v)) <= 1);
  // Under its size label, and on c's line.
  const label = /<text x="([\d.]+)"[^>]*>64 B<\/text>/.exec(svg);
  assert.ok(label && Math.abs(Number(label[1]) - x) <= 1, "x of the 64 B label");
  const line = /<g class="series" data-impl="c">\s*<polyline points="([^"]+)"/.exec(svg);
  assert.ok(line?.[1].split(" ").includes(`${m[1]},${m[2]}`), "c's line passes through the point");

  // The round trip of c over tcp: the top of its bar.
  const rt = sums.find((s) => s.cell === "lat:tcp:64" && s.impl === "c")!.median;
  const rsvg = svgOf("roundtrip");
  const bar = new RegExp(
    `<rect class="bar" data-impl="c" data-transport="tcp" data-value="${rt}" x="[\\d.]+" ` +
      `y="([\\d.]+)"`,
  ).exec(rsvg);
  assert.ok(bar, "no bar for c over tcp");
  assert.ok(Math.abs(Number(bar[1]) - logRow(rsvg, rt)) <= 1, `bar top ${bar[1]}, scale ${logRow(rsvg, rt)}`);
});

test("charts: log-scale ticks are monotonic, evenly spaced per decade and labelled 1-2-5", () => {
  for (const name of NAMES) {
    const ticks = yTicks(svgOf(name));
    assert.ok(ticks.length >= 4, name);
    const perDecade: number[] = [];
    for (let i = 1; i < ticks.length; i++) {
      assert.ok(ticks[i].value > ticks[i - 1].value, `${name}: values rise`);
      assert.ok(ticks[i].y < ticks[i - 1].y, `${name}: rows go up`);
      perDecade.push((ticks[i - 1].y - ticks[i].y) / Math.log10(ticks[i].value / ticks[i - 1].value));
    }
    for (const p of perDecade) assert.ok(Math.abs(p - perDecade[0]) < 0.1, `${name}: ${perDecade}`);
  }
  assert.deepEqual(
    yTicks(svgOf("throughput-inproc")).map((t) => t.label),
    ["10k", "20k", "50k", "100k", "200k", "500k", "1M", "2M", "5M", "10M"],
  );
  assert.deepEqual(yTicks(svgOf("roundtrip")).map((t) => t.label), ["10", "20", "50", "100", "200", "500"]);
  // The three throughput charts share one scale.
  const rows = TRANSPORTS.map((t) => JSON.stringify(yTicks(svgOf(`throughput-${t}`))));
  assert.equal(new Set(rows).size, 1);
  // Past three decades, only decades are labelled.
  assert.deepEqual(logScale(3, 2e5).ticks.filter((t) => t.label).map((t) => t.value), [
    1,
    10,
    100,
    1000,
    1e4,
    1e5,
    1e6,
  ]);
});

test("charts: the copies in bench/results (shown by bench/README.md) are what charts.ts draws", () => {
  for (const { file, svg } of charts) {
    const path = join(ROOT, "bench", "results", file);
    assert.equal(readFileSync(path, "utf8"), svg, `${file} is stale: deno run -A bench/run.ts --report=${FILE}`);
    assert.ok(readFileSync(join(ROOT, "bench", "README.md"), "utf8").includes(`](results/${file})`), file);
  }
});

test("charts: bench/run.ts --report writes them and prints the same report", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zmq-charts-"));
  try {
    const [exe, ...args] = runtimeCommand(join(ROOT, "bench", "run.ts"), `--report=${FILE}`, `--charts=${dir}`);
    const child = spawn(exe, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (d) => out += d);
    child.stderr.on("data", (d) => err += d);
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 0, err);
    assert.deepEqual(readdirSync(dir).sort(), charts.map((c) => c.file).sort());
    for (const c of charts) assert.equal(readFileSync(join(dir, c.file), "utf8"), c.svg, c.file);
    // stdout is the report alone; the chart paths go to stderr.
    assert.match(out, /^\n#### Throughput PUSH->PULL/);
    assert.ok(out.endsWith(`Raw runs and summaries: ${FILE}\n`));
    assert.doesNotMatch(out, /\.svg/);
    assert.match(err, new RegExp(`^Charts: ${dir}/${BASE}-throughput-inproc\\.svg .*-roundtrip\\.svg\\n$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeout: 60_000 });
