"""Large messages in one process for bench/large.ts: PUSH -> PULL over inproc, copy=False both
ways, a sender thread and the receiving main thread, a freshly made buffer for every message,
every frame checked (length, first and last byte). Prints GB/s.

Usage: /usr/bin/python3 bench/large_pyzmq.py SIZE COUNT
"""
import sys
import threading
import time

import zmq

size, count = int(sys.argv[1]), int(sys.argv[2])
ctx = zmq.Context()
pull = ctx.socket(zmq.PULL)
pull.bind("inproc://large")
push = ctx.socket(zmq.PUSH)
push.connect("inproc://large")


def fresh(i):
    b = bytearray(size)
    b[0] = i & 0xFF
    b[size - 1] = (i * 7) & 0xFF
    return b


def sender():
    for i in range(count):
        push.send(fresh(i), copy=False)


t0 = time.perf_counter()
thread = threading.Thread(target=sender)
thread.start()
for i in range(count):
    f = pull.recv(copy=False)
    b = f.buffer
    if len(b) != size or b[0] != (i & 0xFF) or b[size - 1] != ((i * 7) & 0xFF):
        raise SystemExit(f"frame {i} is wrong")
seconds = time.perf_counter() - t0
thread.join()
push.close(0)
pull.close(0)
ctx.term()
print(f"{size * count / seconds / 1e9:.3f}")
