"""A protocol worker whose hello the host tests choose: `declaring_worker.py HELLO_JSON`.

It answers hello with HELLO_JSON plus what it was started with (`argv`, `cwd`, and `environment`: the variables named
by HELLO_JSON's `report_variables`), echo with its args, and shutdown. Standard library only.
"""
import json
import os
import struct
import sys

stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
declared = json.loads(sys.argv[1])


def write_frame(header):
    body = json.dumps(dict(header, tensors=[])).encode()
    stdout.write(struct.pack("<I", len(body)) + body)
    stdout.flush()


while True:
    prefix = stdin.read(4)
    if len(prefix) < 4:
        break
    request = json.loads(stdin.read(struct.unpack("<I", prefix)[0]))
    op = request["op"]
    if op == "hello":
        variables = {name: os.environ.get(name) for name in declared.get("report_variables", [])}
        result = dict(declared, argv=sys.argv[2:], cwd=os.getcwd(), environment=variables)
        write_frame({"id": request["id"], "ok": True, "result": result})
    elif op in ("echo", "shutdown"):
        write_frame({"id": request["id"], "ok": True, "result": {"args": request.get("args", {})}})
        if op == "shutdown":
            break
    else:
        write_frame({"id": request["id"], "ok": False, "error": f"unknown op '{op}'", "type": "ValueError"})
