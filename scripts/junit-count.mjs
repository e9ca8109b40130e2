// Counts test cases and failures in the JUnit files of both runtimes; prints the closing line.
import { existsSync, readFileSync } from "node:fs";

const [denoXml, bunXml, denoRc, bunRc] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const [runtime, file, rc] of [["deno", denoXml, denoRc], ["bun", bunXml, bunRc]]) {
  if (!existsSync(file)) {
    console.log(`${runtime}: no report (exit code ${rc})`);
    failed++;
    continue;
  }
  const xml = readFileSync(file, "utf8");
  const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  let p = 0, f = 0, s = 0;
  const failures = [];
  for (const c of cases) {
    if (/<(failure|error)\b/.test(c)) {
      f++;
      failures.push(/name="([^"]*)"/.exec(c)?.[1] ?? "?");
    } else if (/<skipped\b/.test(c)) s++;
    else p++;
  }
  // A runner that failed outside any test case (a crash, a load error) counts as one failure.
  if (Number(rc) !== 0 && f === 0) {
    f = 1;
    failures.push(`(runner exited with ${rc})`);
  }
  console.log(
    `${runtime}: ${p} passed, ${f} failed, ${s} skipped${failures.length ? " -- " + failures.join("; ") : ""}`,
  );
  passed += p;
  failed += f;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
