"""pyzmq anchor (Debian python3-zmq under the system /usr/bin/python3): the libzmq perf workloads.

Usage: /usr/bin/python3 bench/pyzmq_bench.py ROLE ENDPOINT SIZE COUNT [PARTS]
Blocking sends and copying receives (copy=True), as pyzmq's own perf scripts do by default.
inproc-*: the peer runs on a second Python thread sharing the context.
"""
import json
import sys
import threading
import time

import zmq


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    role, endpoint, size, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    parts = int(sys.argv[5]) if len(sys.argv) > 5 and not sys.argv[5].startswith("--") else 1
    payload = b"\0" * size
    message = [payload] * parts
    ctx = zmq.Context()

    def bind(kind):
        s = ctx.socket(kind)
        s.bind(endpoint)
        return s, s.getsockopt_string(zmq.LAST_ENDPOINT)

    def connect(kind, ep=endpoint):
        s = ctx.socket(kind)
        s.connect(ep)
        return s

    def recv(s):
        if parts == 1:
            return s.recv()
        return s.recv_multipart()

    def send(s, m):
        if parts == 1:
            s.send(m)
        else:
            s.send_multipart(m)

    msg = payload if parts == 1 else message

    def pull(s):
        recv(s)
        t0 = time.perf_counter()
        for _ in range(count - 1):
            recv(s)
        elapsed = time.perf_counter() - t0
        rate = (count - 1) / elapsed
        out("RESULT " + json.dumps({"kind": "thr", "msgs": count, "elapsed_s": round(elapsed, 6),
                                     "msgs_per_s": round(rate, 1), "mb_per_s": round(rate * size * parts / 1e6, 2)}))

    def push(s):
        for _ in range(count):
            send(s, msg)

    def rep(s):
        for _ in range(count + 1):
            send(s, recv(s))

    def req(s):
        send(s, msg)
        recv(s)
        rtt = [0.0] * count
        clock = time.perf_counter
        start = clock()
        for i in range(count):
            t = clock()
            send(s, msg)
            recv(s)
            rtt[i] = clock() - t
        total = clock() - start
        rtt.sort()
        out("RESULT " + json.dumps({"kind": "lat", "n": count, "mean_us": round(total * 1e6 / count, 2),
                                     "p50_us": round(rtt[count // 2] * 1e6, 2),
                                     "p99_us": round(rtt[int(count * 0.99)] * 1e6, 2)}))

    if role == "thr-pull":
        s, ep = bind(zmq.PULL)
        out("READY " + ep)
        pull(s)
    elif role == "lat-rep":
        s, ep = bind(zmq.REP)
        out("READY " + ep)
        rep(s)
        sys.stdin.read()
    elif role == "thr-push":
        s = connect(zmq.PUSH)
        push(s)
        sys.stdin.read()
    elif role == "lat-req":
        s = connect(zmq.REQ)
        req(s)
    elif role == "inproc-thr":
        s, ep = bind(zmq.PULL)
        peer = connect(zmq.PUSH, ep)
        t = threading.Thread(target=push, args=(peer,), daemon=True)
        t.start()
        pull(s)
        t.join()
    elif role == "inproc-lat":
        r, ep = bind(zmq.REP)
        t = threading.Thread(target=rep, args=(r,), daemon=True)
        t.start()
        s = connect(zmq.REQ, ep)
        req(s)
        t.join()
    else:
        sys.exit("unknown role " + role)
    ctx.destroy(linger=0)


if __name__ == "__main__":
    main()
