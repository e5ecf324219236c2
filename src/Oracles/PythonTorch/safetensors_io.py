"""safetensors reader and writer (layout and validations in shared/docs/FORMATS.md).

A file is: u64 little-endian header length N, N bytes of UTF-8 JSON, then the data buffer. The reader
validates the header against the file size before reading any tensor data, so a file that claims
huge tensors fails without allocating them.
"""
import json
import os
import struct

import numpy as np

DTYPES = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"), "I8": np.dtype("i1"),
    "U8": np.dtype("u1"), "BOOL": np.dtype("?"),
}
WIRE_NAMES = {dtype: name for name, dtype in DTYPES.items()}

# The reference implementation refuses headers above 100 MB.
MAX_HEADER_BYTES = 100 * 1000 * 1000


class SafetensorsError(ValueError):
    """The file is not a valid safetensors file; the message names the file and the cause."""


def read_header(path):
    """Validated (header dict without __metadata__, data buffer offset); reads no tensor data."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        prefix = f.read(8)
        if len(prefix) < 8:
            raise SafetensorsError(f"{path}: file of {size} bytes is too short for the 8-byte header length")
        (length,) = struct.unpack("<Q", prefix)
        if length > size - 8:
            raise SafetensorsError(f"{path}: header length {length} exceeds the file's remaining {size - 8} bytes")
        if length > MAX_HEADER_BYTES:
            raise SafetensorsError(f"{path}: header length {length} exceeds the {MAX_HEADER_BYTES}-byte cap")
        raw = f.read(length)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{path}: header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise SafetensorsError(f"{path}: header is not a JSON object")
    header.pop("__metadata__", None)
    _validate(path, header, size - 8 - length)
    return header, 8 + length


def _validate(path, header, buffer_size):
    ranges = []
    for name, entry in header.items():
        if not isinstance(entry, dict):
            raise SafetensorsError(f"{path}: entry '{name}' is not an object")
        dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
        if dtype not in DTYPES:
            raise SafetensorsError(f"{path}: tensor '{name}' has unknown dtype {dtype!r}")
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise SafetensorsError(f"{path}: tensor '{name}' has an invalid shape {shape!r}")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(_is_count(o) for o in offsets)):
            raise SafetensorsError(f"{path}: tensor '{name}' has invalid data_offsets {offsets!r}")
        begin, end = offsets
        if not begin <= end <= buffer_size:
            raise SafetensorsError(
                f"{path}: tensor '{name}' data_offsets [{begin}, {end}] lie outside the {buffer_size}-byte data buffer")
        count = 1
        for d in shape:
            count *= d
        if count * DTYPES[dtype].itemsize != end - begin:
            raise SafetensorsError(
                f"{path}: tensor '{name}' is {dtype} {shape} ({count * DTYPES[dtype].itemsize} bytes) "
                f"but its data_offsets span {end - begin} bytes")
        ranges.append((begin, end, name))
    position = 0
    for begin, end, name in sorted(ranges):
        if begin != position:
            raise SafetensorsError(
                f"{path}: tensor '{name}' starts at {begin}, expected {position} (ranges must not overlap or leave gaps)")
        position = end
    if position != buffer_size:
        raise SafetensorsError(f"{path}: tensors cover {position} of the {buffer_size}-byte data buffer")


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def load(path, names=None):
    """{name: ndarray} of a validated file in header order; only `names` (all when None) are read."""
    header, data_start = read_header(path)
    tensors = {}
    with open(path, "rb") as f:
        for name, entry in header.items():
            if names is not None and name not in names:
                continue
            begin, end = entry["data_offsets"]
            f.seek(data_start + begin)
            data = f.read(end - begin)
            tensors[name] = np.frombuffer(data, dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"]).copy()
    return tensors


def save(path, tensors, metadata=None):
    """Writes {name: ndarray} with tensors in the given order."""
    header, offset, arrays = {}, 0, []
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, array in tensors.items():
        array = np.asarray(array, order="C")  # not ascontiguousarray, which turns a scalar into [1]
        if array.dtype not in WIRE_NAMES:
            raise SafetensorsError(f"{path}: tensor '{name}' has dtype {array.dtype}, which this writer does not support")
        header[name] = {"dtype": WIRE_NAMES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
        arrays.append(array)
    body = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # Pad the header with spaces so the data buffer starts 8-byte aligned, as the reference writer does.
    body += b" " * (-len(body) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(body)) + body)
        for array in arrays:
            f.write(array.tobytes())
