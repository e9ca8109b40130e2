"""Across languages, the client in Python (Debian's python3-zmq): sends requests to server.ts.

    deno run -A examples/interop/server.ts
    /usr/bin/python3 examples/interop/client.py --connect tcp://localhost:5575
"""
import argparse
import zmq

parser = argparse.ArgumentParser()
parser.add_argument("--connect", default="tcp://localhost:5575")
parser.add_argument("--count", type=int, default=3)
args = parser.parse_args()

ctx = zmq.Context()
requester = ctx.socket(zmq.REQ)
requester.connect(args.connect)
for i in range(args.count):
    requester.send_string(f"hello {i} from python")
    reply, echoed = requester.recv_multipart()
    print(f'client (python): "{reply.decode()}" to "{echoed.decode()}"', flush=True)
requester.close()
ctx.term()
