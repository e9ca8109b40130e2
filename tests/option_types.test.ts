import { readFileSync } from "node:fs";
import { assert, test } from "./_harness.ts";
import { generate, TARGET } from "../scripts/gen_option_types.ts";
import { Dealer, has, Router } from "../mod.ts";

test("option types - src/option_properties.ts is what the option table generates", () => {
  assert.equal(
    readFileSync(TARGET, "utf8"),
    generate(),
    "out of date: run `deno run -A scripts/gen_option_types.ts`",
  );
});

test("option types - properties accept their wider write types and read back their read type", () => {
  using router = new Router();
  router.routingId = "broker"; // a string is written, bytes are read
  const id: Uint8Array = router.routingId;
  assert.deepEqual(new TextDecoder().decode(id), "broker");
  router.maxMessageSize = 1n << 20n; // a bigint is written; read back a number while exact
  const max: number | bigint = router.maxMessageSize;
  assert.equal(max, 1 << 20);
  // 64-bit values beyond 2^53 read back as bigints, never rounded.
  router.affinity = (1n << 60n) + 1n;
  assert.equal(router.affinity, (1n << 60n) + 1n);
  router.affinity = 3;
  assert.equal(router.affinity, 3);
  router.mandatory = true; // write-only: reads back what was set
  const mandatory: boolean | undefined = router.mandatory;
  assert.equal(mandatory, true);
  using dealer = new Dealer();
  if (has("curve")) {
    dealer.curveServerKey = new Uint8Array(32).fill(7); // 32 bytes are written, Z85 is read
    const key: string = dealer.curveServerKey;
    assert.equal(key.length, 40);
  }
  // @ts-expect-error lastEndpoint is read-only
  assert.throws(() => (dealer.lastEndpoint = "x"), TypeError);
});
