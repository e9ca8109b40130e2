/**
 * What the ZMTP handshake refuses, and that the server keeps serving real clients afterwards:
 * incompatible socket types, a raw TCP client that sends nothing (handshakeInterval), raw peers
 * that skip the security handshake, and malformed CURVE HELLOs. Every expectation here is what
 * libzmq 4.3.4 does, observed on Deno and Bun alike.
 */
import * as net from "node:net";
import { assert, endpoint, sleep, test, text, TRANSPORTS, waitFor } from "./_harness.ts";
import {
  assertNothingArrives,
  curveTest,
  handshake,
  HANDSHAKE_FAILURES,
  inContext,
  next,
  portOf,
  until,
} from "./_helpers.ts";
import { Authenticator, curveKeyPair, Publisher, Pull, Push, Router, Subscriber } from "../mod.ts";

/** Linux routes all of 127/8 to the loopback interface: a raw peer from here is told apart by its address. */
const RAW_SOURCE = "127.0.0.2";
const LINUX = process.platform === "linux";
const NOT_LINUX = LINUX ? "" : " (skipped: needs Linux, whose loopback answers all of 127/8)";

// --- incompatible socket types ----------------------------------------------------------------

for (const transport of TRANSPORTS) {
  test(`types - a PUSH connected to a SUB's endpoint gets nothing across (libzmq: except over inproc); both stay usable over ${transport}`, async () => {
    using sub = new Subscriber();
    sub.subscribe();
    const ep = sub.bind(endpoint(transport));
    const subEvents = transport === "inproc" ? null : sub.events;
    using push = new Push({ linger: 0 });
    push.connect(ep);
    // Without immediate the PUSH queues in its pipe while libzmq tries the connection.
    assert.ok(push.trySend("from push"));
    if (subEvents === null) {
      // libzmq 4.3.4 has no handshake over inproc, so it never checks socket types there: the
      // message crosses.
      assert.deepEqual(text(await next(sub)), ["from push"]);
    } else {
      // The SUB refuses the PUSH in the ZMTP handshake and drops the connection (the PUSH keeps
      // retrying).
      await until(subEvents, "disconnected");
      await sleep(300);
      assert.equal(sub.tryReceive(), null, "nothing crossed");
    }
    using pub = new Publisher();
    pub.connect(ep);
    let got: Uint8Array[] | null = null;
    await waitFor(() => (pub.trySend("from pub"), (got = sub.tryReceive()) !== null), 5000, "a PUB message");
    assert.deepEqual(text(got!), ["from pub"], "the SUB still works");
    using pull = new Pull();
    push.connect(pull.bind(endpoint(transport)));
    let pulled: Uint8Array[] | null = null;
    await waitFor(() => (push.trySend("to pull"), (pulled = pull.tryReceive()) !== null), 5000, "a PUSH message");
    assert.deepEqual(text(pulled!), ["to pull"], "the PUSH still works");
  });
}

// --- a client that sends nothing --------------------------------------------------------------

test("handshake - a raw TCP client that sends nothing is closed after handshakeInterval, not before; without it, it stays", async () => {
  using strict = new Router({ handshakeInterval: 500 });
  using lax = new Router(); // libzmq's default: 30 s
  assert.equal(lax.handshakeInterval, 30_000);
  const clients: { socket: net.Socket; bytes: number[]; closedAt: number | null }[] = [];
  const startedAt = Date.now();
  try {
    for (const router of [strict, lax]) {
      const socket = net.connect(portOf(router.bind("tcp://127.0.0.1:*")), "127.0.0.1");
      const client = { socket, bytes: [] as number[], closedAt: null as number | null };
      socket.on("data", (d: Uint8Array) => client.bytes.push(...d));
      socket.on("close", () => client.closedAt = Date.now());
      socket.on("error", () => {});
      clients.push(client);
    }
    const [s, l] = clients;
    await waitFor(() => s.closedAt !== null, 10_000, "the strict router to close the connection");
    const elapsed = s.closedAt! - startedAt;
    assert.ok(elapsed >= 450, `closed after ${elapsed} ms: not before the handshake interval`);
    assert.ok(elapsed < 5000, `closed after ${elapsed} ms`);
    assert.equal(s.bytes[0], 0xff, "libzmq had sent the start of its greeting");
    assert.equal(l.closedAt, null, "the default 30 s interval has not expired");
  } finally {
    for (const c of clients) c.socket.destroy();
  }
});

// --- raw ZMTP 3.0 (RFC 23) --------------------------------------------------------------------

const encoder = new TextEncoder();

/** A 64-byte ZMTP 3.0 greeting: signature, version 3.0, mechanism padded to 20 bytes, as-server, filler. */
function greeting(mechanism: string, asServer = false): Uint8Array {
  const g = new Uint8Array(64);
  g[0] = 0xff; // signature: 0xFF, 8 bytes (any), 0x7F
  g[9] = 0x7f;
  g[10] = 3; // version major
  g[11] = 0; // version minor
  g.set(encoder.encode(mechanism), 12); // 20 bytes, zero padded
  g[32] = asServer ? 1 : 0; // then 31 bytes of zero filler
  return g;
}

/** A short frame: flags (0x00 message, 0x04 command), a one-byte size, the body. */
function frame(body: Uint8Array | string, flags = 0x00): Uint8Array {
  const b = typeof body === "string" ? encoder.encode(body) : body;
  assert.ok(b.length < 256);
  return new Uint8Array([flags, b.length, ...b]);
}

/** A READY command announcing Socket-Type PUSH. */
function readyCommand(): Uint8Array {
  const name = encoder.encode("Socket-Type");
  const value = encoder.encode("PUSH");
  return frame(
    new Uint8Array([5, ...encoder.encode("READY"), name.length, ...name, 0, 0, 0, value.length, ...value]),
    0x04,
  );
}

/** A CURVE HELLO command of `size` bytes: "\x05HELLO", version, then zeros (or random bytes). */
function helloCommand(size: number, version: [number, number] = [1, 0], random = false): Uint8Array {
  const body = new Uint8Array(size);
  if (random) crypto.getRandomValues(body);
  body.set([5, ...encoder.encode("HELLO"), ...version]);
  if (random) body.fill(0, 8, 80); // the 72 bytes of anti-amplification padding
  return frame(body, 0x04);
}

interface RawResult {
  /** Everything the server sent. */
  received: Uint8Array;
  /** The server closed the connection (rather than our limit running out). */
  closedByServer: boolean;
}

/**
 * Connects a raw TCP client (node:net), writes `chunks` 30 ms apart, and resolves with what the
 * server sent once the server closes the connection, or after 10 s.
 */
function rawPeer(port: number, chunks: Uint8Array[], localAddress?: string): Promise<RawResult> {
  return new Promise((resolve) => {
    const got: number[] = [];
    let done = false;
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      socket.destroy();
      resolve({ received: new Uint8Array(got), closedByServer });
    };
    const limit = setTimeout(() => finish(false), 10_000);
    socket.on("connect", async () => {
      for (const c of chunks) {
        if (done) return;
        socket.write(c);
        await sleep(30);
      }
    });
    socket.on("data", (d: Uint8Array) => got.push(...d));
    socket.on("error", () => {}); // a reset is a close too
    socket.on("close", () => finish(true));
  });
}

// --- raw peers that skip the security handshake -----------------------------------------------

curveTest(
  "raw peer - a greeting then a message frame never reaches a CURVE, PLAIN or NULL+ZAP server, which then serves a real client" +
    NOT_LINUX,
  async () => {
    if (!LINUX) return;
    await inContext(async (context) => {
      const serverKeys = curveKeyPair();
      const clientKeys = curveKeyPair();
      const asked: string[] = [];
      using auth = new Authenticator({
        context,
        deny: [RAW_SOURCE],
        plain: { alice: "wonderland" },
        curve: [clientKeys.publicKey],
        handler: (request, verdict) => {
          asked.push(`${request.mechanism} ${request.address}`);
          return verdict;
        },
      });
      auth.start();
      const cases = [
        {
          name: "CURVE",
          server: { curveServer: true, curveSecretKey: serverKeys.secretKey },
          client: {
            curveServerKey: serverKeys.publicKey,
            curvePublicKey: clientKeys.publicKey,
            curveSecretKey: clientKeys.secretKey,
          },
          raw: [greeting("CURVE"), frame("sneaky")],
        },
        {
          name: "PLAIN",
          server: { plainServer: true },
          client: { plainUsername: "alice", plainPassword: "wonderland" },
          raw: [greeting("PLAIN"), frame("sneaky")],
        },
        { name: "NULL", server: { zapDomain: "global" }, client: {}, raw: [greeting("NULL"), frame("sneaky")] },
        {
          name: "NULL after READY",
          server: { zapDomain: "global" },
          client: {},
          raw: [greeting("NULL"), readyCommand(), frame("sneaky")],
        },
      ];
      for (const c of cases) {
        asked.length = 0;
        using pull = new Pull({ context, ...c.server });
        const serverEvents = pull.events;
        const ep = pull.bind("tcp://127.0.0.1:*");
        const raw = await rawPeer(portOf(ep), c.raw, RAW_SOURCE);
        assert.ok(raw.closedByServer, `${c.name}: the server kept the raw peer's connection open`);
        const outcome = await handshake(serverEvents);
        assert.ok(HANDSHAKE_FAILURES.includes(outcome.type), `${c.name}: ${JSON.stringify(outcome)}`);
        if (c.name === "CURVE" || c.name === "PLAIN") {
          // The frame is read as the HELLO command and is not one: ZAP is never even asked.
          assert.ok(
            outcome.type === "handshake-failed-protocol" && outcome.error === "ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
            `${c.name}: ${JSON.stringify(outcome)}`,
          );
          assert.deepEqual(asked, [], `${c.name}: ZAP was asked about the raw peer`);
          assert.equal(raw.received.length, 64, `${c.name}: the raw peer got more than the server's greeting`);
        } else {
          // NULL: libzmq asks ZAP as soon as the greeting is done; the deny sends an ERROR command
          // ("400") after the server's greeting, unless the bad frame ended the handshake first.
          const extra = new TextDecoder().decode(raw.received.subarray(64));
          assert.ok(extra === "" || extra.includes("ERROR"), `${c.name}: the raw peer got ${JSON.stringify(extra)}`);
          if (extra !== "") {
            assert.ok(extra.endsWith("400"), `${c.name}: the ERROR command said ${JSON.stringify(extra)}`);
            assert.ok(asked.includes(`NULL ${RAW_SOURCE}`), `${c.name}: ZAP was asked about ${JSON.stringify(asked)}`);
          }
        }
        await assertNothingArrives(pull, c.name);
        // The server still serves a legitimate client.
        using push = new Push({ context, linger: 0, ...c.client });
        push.connect(ep);
        await push.send(`legit ${c.name}`);
        assert.deepEqual(text(await pull.receive({ timeout: 10_000 })), [`legit ${c.name}`]);
        assert.equal(pull.tryReceive(), null, `${c.name}: more than the legitimate message arrived`);
      }
    });
  },
  { timeout: 60_000 },
);

// --- malformed CURVE HELLO --------------------------------------------------------------------

curveTest(
  "curve - a raw HELLO of the wrong length or version is ZMTP_MALFORMED_COMMAND_HELLO, a bad box ZMTP_CRYPTOGRAPHIC",
  async () => {
    await inContext(async (context) => {
      const serverKeys = curveKeyPair();
      const clientKeys = curveKeyPair();
      using pull = new Pull({ context, curveServer: true, curveSecretKey: serverKeys.secretKey });
      const serverEvents = pull.events;
      const ep = pull.bind("tcp://127.0.0.1:*");
      const cases = [
        { name: "100-byte HELLO", hello: helloCommand(100), error: "ZMTP_MALFORMED_COMMAND_HELLO", code: 0x10000013 },
        { name: "201-byte HELLO", hello: helloCommand(201), error: "ZMTP_MALFORMED_COMMAND_HELLO", code: 0x10000013 },
        {
          name: "HELLO version 2.0",
          hello: helloCommand(200, [2, 0]),
          error: "ZMTP_MALFORMED_COMMAND_HELLO",
          code: 0x10000013,
        },
        {
          name: "HELLO with a forged box",
          hello: helloCommand(200, [1, 0], true),
          error: "ZMTP_CRYPTOGRAPHIC",
          code: 0x11000001,
        },
      ];
      for (const c of cases) {
        const raw = await rawPeer(portOf(ep), [greeting("CURVE"), c.hello]);
        assert.ok(raw.closedByServer, `${c.name}: the server kept the connection open`);
        const outcome = await handshake(serverEvents);
        assert.ok(outcome.type === "handshake-failed-protocol", `${c.name}: ${JSON.stringify(outcome)}`);
        assert.equal(outcome.error, c.error, c.name);
        assert.equal(outcome.code, c.code, c.name);
        assert.equal(outcome.endpoint, ep, c.name);
      }
      await assertNothingArrives(pull, "malformed HELLOs");
      // Nothing crashed: a real CURVE client still gets in.
      using push = new Push({
        context,
        linger: 0,
        curveServerKey: serverKeys.publicKey,
        curvePublicKey: clientKeys.publicKey,
        curveSecretKey: clientKeys.secretKey,
      });
      push.connect(ep);
      await push.send("after the malformed HELLOs");
      assert.deepEqual(text(await pull.receive({ timeout: 10_000 })), ["after the malformed HELLOs"]);
    });
  },
  { timeout: 30_000 },
);
