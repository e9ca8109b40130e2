"""Across languages, the server in Python (Debian's python3-zmq): a REP socket that answers
each request like server.ts does.

    /usr/bin/python3 examples/interop/server.py          binds tcp://*:5575, prints the endpoint
    bun examples/interop/client.ts
"""
import argparse
import zmq

parser = argparse.ArgumentParser()
parser.add_argument("--bind", default="tcp://*:5575")
parser.add_argument("--count", type=int, default=0)
args = parser.parse_args()

ctx = zmq.Context()
responder = ctx.socket(zmq.REP)
responder.bind(args.bind)
print(responder.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
answered = 0
while args.count == 0 or answered < args.count:
    request = responder.recv()
    responder.send_multipart([b"world from python", request])
    answered += 1
print(f"server (python): answered {answered} requests", flush=True)
responder.close()
ctx.term()
