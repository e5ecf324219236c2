"""Binary frames of the worker protocol (src/Oracles/Workers/PROTOCOL.md).

u32 little-endian header length, UTF-8 JSON header, then the raw little-endian row-major bytes of the
tensors listed in header["tensors"], in order.
"""
import json
import struct

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "U8": np.dtype("u1")}
WIRE_NAMES = {dtype: name for name, dtype in DTYPES.items()}

# Largest header a peer may send; anything bigger is a corrupt stream, not a request.
MAX_HEADER_BYTES = 64 * 1024 * 1024


class FrameError(ValueError):
    """The stream does not hold a well-formed frame: nothing after it can be read."""


class MalformedRequest(FrameError):
    """A frame whose header is unusable (not JSON, or tensors that cannot be sized) but whose end is known: the worker
    answers it with an error and reads on. `request_id` is the header's id, or None when the header has none."""

    def __init__(self, request_id, message):
        super().__init__(message)
        self.request_id = request_id


def _read_exactly(stream, count, what):
    data = stream.read(count)
    if len(data) != count:
        raise FrameError(f"stream ended inside a frame's {what} ({len(data)} of {count} bytes)")
    return data


def _spec_length(spec):
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        raise FrameError(f"frame tensor spec {spec!r} has no name")
    name, dtype, shape = spec["name"], spec.get("dtype"), spec.get("shape")
    if dtype not in DTYPES:
        raise FrameError(f"frame tensor '{name}' has unknown dtype {dtype!r}")
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
        raise FrameError(f"frame tensor '{name}' has an invalid shape {shape!r}")
    count = 1
    for size in shape:
        count *= size
    return count * DTYPES[dtype].itemsize


def read_frame(stream):
    """Returns (header, {name: ndarray}) or None when the stream ended cleanly between frames.

    A header that is not a JSON object, or lists tensors that cannot be sized, raises MalformedRequest after the header
    (PROTOCOL.md, "Malformed requests": no payload is read for it)."""
    prefix = stream.read(4)
    if len(prefix) == 0:
        return None
    if len(prefix) < 4:
        raise FrameError(f"stream ended inside a frame's length prefix ({len(prefix)} of 4 bytes)")
    (length,) = struct.unpack("<I", prefix)
    if length > MAX_HEADER_BYTES:
        raise FrameError(f"frame header length {length} exceeds {MAX_HEADER_BYTES} bytes")
    body = _read_exactly(stream, length, "header")
    try:
        header = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise MalformedRequest(None, f"frame header is not valid JSON: {e}") from None
    if not isinstance(header, dict):
        raise MalformedRequest(None, "frame header is not a JSON object")
    request_id = header.get("id")
    specs = header.get("tensors") or []
    if not isinstance(specs, list):
        raise MalformedRequest(request_id, "frame header 'tensors' is not a list")
    try:
        lengths = [_spec_length(spec) for spec in specs]
    except FrameError as e:
        raise MalformedRequest(request_id, str(e)) from None
    tensors = {}
    for spec, size in zip(specs, lengths):
        data = _read_exactly(stream, size, f"tensor '{spec['name']}'")
        tensors[spec["name"]] = np.frombuffer(data, dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"])
    return header, tensors


def write_frame(stream, header, tensors=()):
    """Writes one frame; tensors is a sequence of (name, ndarray) with dtypes the protocol knows."""
    arrays = []
    for name, array in tensors:
        array = np.asarray(array, order="C")  # not ascontiguousarray, which turns a scalar into [1]
        if array.dtype not in WIRE_NAMES:
            raise FrameError(f"tensor '{name}' has dtype {array.dtype}, which frames cannot carry")
        arrays.append((name, array))
    header = dict(header, tensors=[{"name": n, "dtype": WIRE_NAMES[a.dtype], "shape": list(a.shape)} for n, a in arrays])
    # NaN and Infinity are not JSON; refusing them here turns them into an error reply, not a broken stream.
    body = json.dumps(header, allow_nan=False).encode("utf-8")
    stream.write(struct.pack("<I", len(body)) + body)
    for _, array in arrays:
        stream.write(array.tobytes())
    stream.flush()
