"""A deliberately broken protocol worker, for the tests of `conformance check-worker`.

It answers hello, echo and shutdown correctly, except for two faults check-worker must name: it dies (an uncaught exception) on a
request header that is not JSON (check `bad-json`), and it ignores `sleep_seconds` (check `timeout`). Standard library only.
"""
import json
import struct
import sys

stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
SIZES = {"F32": 4, "F64": 8, "I64": 8, "I32": 4, "U8": 1}


def write_frame(header, tensors=()):
    body = json.dumps(dict(header, tensors=[spec for spec, _ in tensors])).encode()
    stdout.write(struct.pack("<I", len(body)) + body + b"".join(data for _, data in tensors))
    stdout.flush()


def size(spec):
    count = SIZES[spec["dtype"]]
    for dim in spec["shape"]:
        if not isinstance(dim, int) or dim < 0:
            raise ValueError(f"frame tensor '{spec['name']}' has an invalid shape")
        count *= dim
    return count


while True:
    prefix = stdin.read(4)
    if len(prefix) < 4:
        break
    header = json.loads(stdin.read(struct.unpack("<I", prefix)[0]))  # fault: a header that is not JSON ends the worker
    request_id, args = header.get("id"), header.get("args") or {}
    try:
        tensors = [(spec, stdin.read(size(spec))) for spec in header.get("tensors") or []]
    except (KeyError, ValueError) as e:
        write_frame({"id": request_id, "ok": False, "error": f"bad tensor: {e}", "type": "MalformedRequest"})
        continue
    op = header.get("op")
    if op == "hello":
        write_frame({"id": request_id, "ok": True, "result": {
            "protocol": "1.0", "binding": "broken", "version": "0.0", "framework": "example", "language": "python", "devices": ["cpu"]}})
    elif op == "echo" and "fail" in args:
        write_frame({"id": request_id, "ok": False, "error": str(args["fail"]), "type": "ValueError"})
    elif op == "echo":
        for i in range(int(args.get("progress", 0))):
            write_frame({"id": request_id, "event": "progress", "message": f"echo {i + 1}"})
        write_frame({"id": request_id, "ok": True, "result": {"args": args}}, tensors)  # fault: sleep_seconds is ignored
    elif op == "shutdown":
        write_frame({"id": request_id, "ok": True, "result": {}})
        break
    else:
        write_frame({"id": request_id, "ok": False, "error": f"unknown op '{op}'", "type": "ValueError"})
