"""A tiny protocol worker whose behaviour the host tests choose: `scripted_worker.py MODE`.

Modes: echo (well-behaved: replies with its args, doubles an F32 tensor, sends one progress event,
fails requests whose op is 'fail'), exit (exits with code 3 on the first request), signal (kills itself
with SIGKILL), hang (never replies), garbage (writes text to stdout), close (closes stdout, keeps running),
stall (writes a reply header announcing a tensor and a few of its bytes, then sends nothing more), slow (sends a
progress event every 0.3 s for 2.4 s, then replies as echo does).
"""
import json
import os
import signal
import struct
import sys
import time

mode = sys.argv[1]
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
SIZES = {"F32": 4, "F64": 8, "I64": 8, "I32": 4, "U8": 1}


def read_frame():
    prefix = stdin.read(4)
    if len(prefix) < 4:
        return None, []
    header = json.loads(stdin.read(struct.unpack("<I", prefix)[0]))
    tensors = []
    for spec in header.get("tensors", []):
        count = 1
        for size in spec["shape"]:
            count *= size
        tensors.append((spec, stdin.read(count * SIZES[spec["dtype"]])))
    return header, tensors


def write_frame(header, tensors=()):
    header = dict(header, tensors=[spec for spec, _ in tensors])
    body = json.dumps(header).encode()
    stdout.write(struct.pack("<I", len(body)) + body + b"".join(data for _, data in tensors))
    stdout.flush()


while True:
    request, tensors = read_frame()
    if request is None:
        break
    print(f"worker got {request['op']} in mode {mode}", file=sys.stderr, flush=True)
    if mode == "exit":
        print("fatal: simulated crash", file=sys.stderr, flush=True)
        sys.exit(3)
    if mode == "signal":
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "hang":
        time.sleep(3600)
    if mode == "garbage":
        stdout.write(b"Traceback (most recent call last): this is not a frame\n" * 4)
        stdout.flush()
        time.sleep(3600)
    if mode == "close":
        os.close(stdout.fileno())
        time.sleep(3600)
    if mode == "stall":
        body = json.dumps({"id": request["id"], "ok": True, "result": {},
                           "tensors": [{"name": "logits", "dtype": "F32", "shape": [1000, 10]}]}).encode()
        stdout.write(struct.pack("<I", len(body)) + body + bytes(16))
        stdout.flush()
        time.sleep(3600)
    if mode == "slow" and request["op"] != "shutdown":
        for step in range(8):
            time.sleep(0.3)
            write_frame({"id": request["id"], "event": "progress", "message": f"step {step + 1}/8"})
    if request["op"] == "shutdown":
        write_frame({"id": request["id"], "ok": True, "result": {}})
        sys.exit(0)
    if request["op"] == "fail":
        write_frame({"id": request["id"], "ok": False, "error": "no such thing", "type": "ValueError"})
        continue
    write_frame({"id": request["id"], "event": "progress", "message": "halfway"})
    doubled = [(spec, struct.pack(f"<{len(data) // 4}f", *(2 * v for v in struct.unpack(f"<{len(data) // 4}f", data))))
               for spec, data in tensors if spec["dtype"] == "F32"]
    write_frame({"id": request["id"], "ok": True, "result": {"op": request["op"], "args": request["args"]}}, doubled)
