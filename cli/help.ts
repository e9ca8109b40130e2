/** The help texts of the `zmq` command (`zmq --help`, `zmq <command> --help`). */

export const MAIN = `zmq: talk to ZeroMQ sockets from a shell, run devices, generate keys, measure.

Usage:
  zmq <type> (--bind EP | --connect EP)... [flags]    one socket, cat-like (zmq <type> --help)
  zmq device queue|forwarder|streamer FRONTEND BACKEND [--capture EP] [--stats SECONDS]
  zmq keygen [--json]                                  a new CURVE key pair
  zmq perf local_thr|remote_thr|local_lat|remote_lat ENDPOINT SIZE COUNT
  zmq version [--json]                                 versions and libzmq capabilities
  zmq <command> --help

Types: pub sub push pull req rep dealer router pair xpub xsub (any case).
Exit codes: 0 done, 1 run-time failure, 2 usage error, 130 after SIGINT.
`;

export const SOCKET = `Usage: zmq <type> (--bind/-b EP | --connect/-c EP)... [flags]

One socket of <type>: pub sub push pull req rep dealer router pair xpub xsub.
  Sending types (pub push dealer router pair xpub xsub) send each line of stdin as a message and
  exit when stdin ends, once the messages went out (within the linger, default 5000 ms).
  Receiving types (sub pull dealer router pair xpub xsub) print each message as one line. Types
  that do both keep receiving after stdin ends, until --count, --timeout or a signal (--count 0:
  send stdin only).
  req: each line of stdin is a request and its reply is printed; exits when stdin ends.
  rep: each request is printed and answered with --reply, or echoed back.
Each bind prints "bound <endpoint>" on stderr, with a wildcard port resolved.

Flags:
  -b, --bind EP            bind (repeatable): tcp://127.0.0.1:5555, tcp://*:*, ipc:///tmp/x
  -c, --connect EP         connect (repeatable)
  -f, --format FORMAT      text (default): frames separated by TAB, invalid UTF-8 shown as U+FFFD
                           json: an array per line, each frame a string or {"base64": "..."}
                           hex: frames as hex, separated by spaces
  -s, --subscribe PREFIX   sub and xsub (repeatable); sub without one gets everything
  -o, --option NAME=VALUE  a socket option by the library's camelCase name (repeatable), e.g.
                           -o linger=0 -o sendHighWaterMark=10000 -o routingId=worker-1
                           (bytes options: text, or 0x + hex)
  -n, --count N            exit 0 after N messages received (N sent for pub and push,
                           N replies for req, N requests answered for rep)
  -t, --timeout MS         exit 1 if no message arrives (or none can be sent) for MS ms
      --events             print the socket's monitor events on stderr ("event: listening ...")
      --reply TEXT         rep: the reply to every request (in --format), instead of an echo
      --curve-server SECRET  a CURVE server with this Z85 secret key; "-" makes a new pair.
                           Prints "curve-server public <key>" on stderr for the clients.
      --curve-client SERVER_PUBLIC  a CURVE client of that server (with a new key pair of its
                           own, or -o curveSecretKey=...)
  -q, --quiet              no "bound" or "curve-server public" lines
  -h, --help

Examples:
  zmq pull -b tcp://*:5557
  printf 'topic\\thello\\n' | zmq pub -b tcp://*:5556
  zmq sub -c tcp://localhost:5556 -s topic -n 10
  echo ping | zmq req -c tcp://localhost:5555
  zmq rep -b tcp://*:5555 --reply pong
  zmq router -b tcp://*:5560 -f json
`;

export const DEVICE = `Usage: zmq device queue|forwarder|streamer FRONTEND BACKEND [--capture EP] [--stats SECONDS]

  queue      ROUTER frontend (clients: req, dealer), DEALER backend (workers: rep)
  forwarder  XSUB frontend (publishers), XPUB backend (subscribers)
  streamer   PULL frontend (pushers), PUSH backend (pullers)

An endpoint binds; ">EP" connects and "@EP" binds explicitly; a comma separates several.
Each bind prints "frontend bound <endpoint>" (backend, capture) on stderr. Runs until SIGINT
(exit 130) or SIGTERM (exit 0), then stops cleanly.

Flags:
      --capture EP         a PUB socket (bound, or connected with ">EP") that gets a copy of
                           every message
      --stats SECONDS      print the proxy's counters to stderr every SECONDS (and at the end)
  -q, --quiet              no "bound" lines
  -h, --help
`;

export const KEYGEN = `Usage: zmq keygen [--json]

A new CURVE key pair, as two lines "public <z85>" and "secret <z85>", or with --json as
{"public": "...", "secret": "..."}.
`;

export const PERF = `Usage: zmq perf local_thr|remote_thr|local_lat|remote_lat ENDPOINT SIZE COUNT

libzmq's perf tools: same arguments, socket types and output, so each side works with the C
tools and with pyzmq's perf scripts.
  local_thr   binds a PULL, receives COUNT messages of SIZE bytes, prints the throughput
  remote_thr  connects a PUSH and sends COUNT messages of SIZE bytes
  local_lat   binds a REP and echoes COUNT messages
  remote_lat  connects a REQ, makes COUNT round trips, prints the average latency
A progress bar goes to stderr when it is a terminal.

Example:
  zmq perf local_thr tcp://127.0.0.1:5555 64 1000000 &
  zmq perf remote_thr tcp://127.0.0.1:5555 64 1000000
`;

export const VERSION = `Usage: zmq version [--json]

The library's version, libzmq's, the runtime's and has() for each libzmq capability.
`;
