/**
 * What a received frame's memory costs on Deno (src/frames.ts, POOLED_MAX): frames handed out
 * as views into fresh one-page `WebAssembly.Memory` slabs (which a transfer cannot take) against
 * a buffer of each frame's own, per frame, allocation and GC included; and what writing to the
 * pages of fresh slabs costs (page faults).
 *
 *   deno run bench/slab_cost.ts      (or: bun bench/slab_cost.ts, for comparison)
 */
function slabs(pages: number): (length: number) => Uint8Array {
  const fresh = () =>
    new WebAssembly.Memory({ initial: pages, maximum: pages })
      .buffer as ArrayBuffer;
  let slab = fresh();
  let offset = 0;
  return (length) => {
    if (offset + length > slab.byteLength) {
      slab = fresh();
      offset = 0;
    }
    const out = new Uint8Array(slab, offset, length);
    offset = (offset + length + 7) & ~7;
    return out;
  };
}

const N = 400_000;
console.log("per frame, µs: size | one-page slabs | own buffer");
for (const size of [64, 256, 512, 1024, 2048, 4096]) {
  const row = [String(size).padStart(5)];
  for (const make of [slabs(1), (n: number) => new Uint8Array(n)]) {
    const t = performance.now();
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const f = make(size);
      f[0] = i;
      f[size - 1] = i;
      sum += f[0];
    }
    row.push(((performance.now() - t) / N * 1000).toFixed(2).padStart(6));
    if (sum === -1) console.log(sum);
  }
  console.log(row.join(" | "));
}

const M = 2000;
for (const touch of [false, true]) {
  const t = performance.now();
  for (let i = 0; i < M; i++) {
    const b = new Uint8Array(
      new WebAssembly.Memory({ initial: 16, maximum: 16 }).buffer,
    );
    if (touch) { for (let o = 0; o < b.length; o += 4096) b[o] = 1; }
  }
  const us = (performance.now() - t) / M * 1000;
  console.log(
    `a fresh 1 MiB WebAssembly.Memory${touch ? ", one byte written per 4 KiB page" : ""}: ${us.toFixed(1)} µs` +
      (touch ? ` (${(us / 256).toFixed(2)} µs per page)` : ""),
  );
}
